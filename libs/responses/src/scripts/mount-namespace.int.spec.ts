import * as fs from 'node:fs';
import * as path from 'node:path';
import { invokeDelete, invokeProcess } from '../execd/invoke-process';
import { installShims } from '../install-shims';
import { aMessage, withSrcip } from '../testing/messages';
import { copyTree, describeRealSystem, mountNamespacePrefix, MOUNT_NS_EXEC, snapshotFile, tempDir, TS_STANDALONE, wazuhHome } from '../testing/system';

jest.setTimeout(120_000); // real processes: several Node starts per test on a loaded CI machine

/**
 * The standalone script runs in a private mount namespace where a copy of /etc is bind-mounted over /etc:
 * `unshare -m --propagation private -- node mount-ns-exec.js --bind <copy> /etc -- node <shim>` (argv only; `-rm`,
 * a user namespace of its own, when not root).
 */
describeRealSystem('host-deny and disable-account on a real /etc in a private mount namespace', { tools: ['unshare', 'mount', 'passwd', 'cp'], namespace: 'mount' }, (access) => {
  const tmp = tempDir();
  const { home, bin, log } = wazuhHome(tmp.dir);
  const etc = path.join(tmp.dir, 'etc');
  const realHostsDeny = fs.existsSync('/etc/hosts.deny') ? fs.readFileSync('/etc/hosts.deny', 'utf8') : null;
  const realShadow = snapshotFile('/etc/shadow');
  const user = 'riposte_t1';

  beforeAll(async () => {
    copyTree('/etc', etc, access);
    fs.writeFileSync(path.join(etc, 'hosts.deny'), '# test copy\n');
    fs.appendFileSync(path.join(etc, 'passwd'), `${user}:x:59999:59999::/nonexistent:/usr/sbin/nologin\n`);
    fs.appendFileSync(path.join(etc, 'shadow'), `${user}:$6$salt$hash:19000:0:99999:7:::\n`);
    await installShims(bin, ['host-deny', 'disable-account'], { standalonePath: TS_STANDALONE });
  });
  afterAll(() => tmp.cleanup());

  const argv = (script: string) => [...mountNamespacePrefix(access), process.execPath, MOUNT_NS_EXEC, '--bind', etc, '/etc', '--', process.execPath, path.join(bin, script)];
  const opts = (script: string) => ({ onKeys: () => 'continue' as const, program: `active-response/bin/${script}`, env: { ...process.env, RIPOSTE_AR_HOME: home } });

  it('host-deny appends IPv4 and bracketed IPv6 lines and removes them on delete', async () => {
    const v4 = await invokeProcess('unshare', argv('host-deny'), withSrcip('10.20.30.60'), opts('host-deny'));
    const v6 = await invokeProcess('unshare', argv('host-deny'), withSrcip('2001:db8::60'), opts('host-deny'));
    expect([v4.kind, v4.rkey, v4.exitCode, v6.rkey]).toEqual(['continued', 'host-deny-10.20.30.60', 0, 'host-deny-2001:db8::60']);
    expect(fs.readFileSync(path.join(etc, 'hosts.deny'), 'utf8')).toBe('# test copy\nALL:10.20.30.60\nALL:[2001:db8::60]\n');
    for (const ip of ['10.20.30.60', '2001:db8::60']) {
      expect(await invokeDelete('unshare', argv('host-deny'), withSrcip(ip, 'delete'), { env: opts('host-deny').env })).toMatchObject({ exitCode: 0 });
    }
    expect(fs.readFileSync(path.join(etc, 'hosts.deny'), 'utf8')).toBe('# test copy\n');
    expect(fs.existsSync('/etc/hosts.deny') ? fs.readFileSync('/etc/hosts.deny', 'utf8') : null).toBe(realHostsDeny);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/ active-response\/bin\/host-deny: Ended\n$/);
  });

  it('disable-account locks with passwd -l and unlocks with passwd -u', async () => {
    const shadowLine = () => fs.readFileSync(path.join(etc, 'shadow'), 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
    const added = await invokeProcess('unshare', argv('disable-account'), aMessage({ data: { dstuser: user } }), opts('disable-account'));
    expect(added).toMatchObject({ kind: 'continued', rkey: `disable-account-${user}`, exitCode: 0 });
    expect(shadowLine()).toBe(`${user}:!$6$salt$hash:19000:0:99999:7:::`);
    await invokeDelete('unshare', argv('disable-account'), aMessage({ command: 'delete', data: { dstuser: user } }), { env: opts('disable-account').env });
    expect(shadowLine()).toBe(`${user}:$6$salt$hash:19000:0:99999:7:::`);
    expect(snapshotFile('/etc/shadow')).toBe(realShadow);
  });

  it('disable-account refuses root before any system call', async () => {
    const result = await invokeProcess('unshare', argv('disable-account'), aMessage({ data: { dstuser: 'root' } }), opts('disable-account'));
    expect(result).toMatchObject({ kind: 'stateless', exitCode: 255 });
    expect(fs.readFileSync(log, 'utf8')).toMatch(/disable-account: Cannot read 'dstuser' from data\n$/);
  });
});
