import * as path from 'node:path';
import { invokeBuiltin, invokeBuiltinDelete } from '../execd/invoke-builtin';
import { invokeDelete, invokeProcess } from '../execd/invoke-process';
import { createIpsetBatcher } from '../ipset/ipset-batcher';
import { createMemoryArLog } from '../ports/ar-log';
import { getBuiltin } from '../registry';
import { installShims } from '../install-shims';
import { withSrcip } from '../testing/messages';
import { createNetns, describeRealSystem, tempDir, TS_STANDALONE, wazuhHome, type Netns } from '../testing/system';

jest.setTimeout(120_000); // real processes: several Node starts per test on a loaded CI machine

const tools = ['ip', 'iptables', 'ip6tables', 'ipset', 'route'];
describeRealSystem('firewall-drop, route-null and ipset-drop in a throwaway network namespace', { tools, namespace: 'net' }, (access) => {
  let ns: Netns;
  const tmp = tempDir();
  const { home, bin } = wazuhHome(tmp.dir);
  beforeAll(async () => (ns = await createNetns(access)));
  afterAll(() => {
    ns.remove();
    tmp.cleanup();
  });
  const env = () => ({ log: createMemoryArLog(), runner: ns.runner, platform: { sysname: 'Linux' }, home });
  const rules = (tool: string) => ns.exec(tool, ['-S']).split('\n').filter((l) => l.startsWith('-A'));

  it.each([
    ['10.20.30.40', 'iptables', '10.20.30.40/32'],
    ['2001:db8::40', 'ip6tables', '2001:db8::40/128'],
  ])('firewall-drop blocks %s with real %s rules, and the delete removes them', async (ip, tool, cidr) => {
    const fw = getBuiltin('firewall-drop')!;
    const added = await invokeBuiltin(fw, withSrcip(ip), env(), { onKeys: () => 'continue' });
    expect(added).toMatchObject({ kind: 'continued', rkey: `firewall-drop-${ip}`, exitCode: 0 });
    expect(rules(tool)).toEqual([`-A INPUT -s ${cidr} -j DROP`, `-A FORWARD -s ${cidr} -j DROP`]);
    expect((await invokeBuiltinDelete(fw, withSrcip(ip, 'delete'), env())).kind).toBe('completed');
    expect(rules(tool)).toEqual([]);
  });

  it('firewall-drop works the same as a standalone process inside the namespace', async () => {
    await installShims(bin, ['firewall-drop'], { standalonePath: TS_STANDALONE });
    const shim = path.join(bin, 'firewall-drop');
    const argv = [...ns.prefix, process.execPath, shim];
    const opts = { onKeys: () => 'continue' as const, program: 'active-response/bin/firewall-drop', env: { ...process.env, RIPOSTE_AR_HOME: home } };
    const added = await invokeProcess(argv[0], argv, withSrcip('10.20.30.41'), opts);
    expect(added).toMatchObject({ kind: 'continued', rkey: 'firewall-drop-10.20.30.41', exitCode: 0 });
    expect(rules('iptables')).toEqual(['-A INPUT -s 10.20.30.41/32 -j DROP', '-A FORWARD -s 10.20.30.41/32 -j DROP']);
    expect(await invokeDelete(argv[0], argv, withSrcip('10.20.30.41', 'delete'), { env: opts.env })).toMatchObject({ kind: 'completed', exitCode: 0 });
    expect(rules('iptables')).toEqual([]);
  });

  it('route-null adds and deletes a real reject route', async () => {
    const rn = getBuiltin('route-null')!;
    await invokeBuiltin(rn, withSrcip('10.20.30.42'), env(), { onKeys: () => 'continue' });
    expect(ns.exec('ip', ['route', 'show'])).toContain('unreachable 10.20.30.42');
    await invokeBuiltinDelete(rn, withSrcip('10.20.30.42', 'delete'), env());
    expect(ns.exec('ip', ['route', 'show'])).not.toContain('10.20.30.42');
  });

  it('ipset-drop keeps blocks as set members behind one rule per family', async () => {
    const services = { ipset: createIpsetBatcher({ runner: ns.runner }) };
    const drop = getBuiltin('ipset-drop')!;
    const ips = ['10.20.30.50', '10.20.30.51', '2001:db8::50'];
    const added = await Promise.all(ips.map((ip) => invokeBuiltin(drop, withSrcip(ip), { ...env(), services }, { onKeys: () => 'continue' })));
    expect(added.map((r) => r.kind)).toEqual(['continued', 'continued', 'continued']);
    expect(rules('iptables')).toEqual(['-A INPUT -m set --match-set riposte-blocklist src -j DROP']);
    expect(rules('ip6tables')).toEqual(['-A INPUT -m set --match-set riposte-blocklist6 src -j DROP']);
    expect(ns.exec('ipset', ['list', 'riposte-blocklist'])).toMatch(/Members:\n(10\.20\.30\.5[01]\n){2}/);
    expect(ns.exec('ipset', ['list', 'riposte-blocklist6'])).toContain('2001:db8::50');
    await Promise.all(ips.map((ip) => invokeBuiltinDelete(drop, withSrcip(ip, 'delete'), { ...env(), services })));
    expect(ns.exec('ipset', ['list', 'riposte-blocklist'])).toMatch(/Members:\n$/);
    expect(ns.exec('ipset', ['list', 'riposte-blocklist6'])).toMatch(/Members:\n$/);
  });
});
