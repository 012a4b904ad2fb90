import * as fs from 'node:fs';
import * as path from 'node:path';
import { installShims, shimSource } from './install-shims';
import { BUILTIN_SCRIPTS, getBuiltin, resolveExecutable, SHIM_MARKER } from './registry';
import { locateScript, scriptNameFrom } from './standalone';
import { tempDir } from './testing/system';

describe('registry of built-ins', () => {
  it('has every Wazuh default script, the macOS ipfw, X, and ipset-drop', () =>
    expect([...BUILTIN_SCRIPTS.keys()].sort()).toEqual(
      [
        'default-firewall-drop', 'disable-account', 'firewall-drop', 'firewalld-drop', 'host-deny', 'ip-customblock', 'ipfw', 'ipfw_mac', 'ipset-drop', 'kaspersky',
        'netsh', 'netsh.exe', 'npf', 'pf', 'restart-wazuh', 'restart-wazuh.exe', 'route-null', 'route-null.exe', 'wazuh-slack', 'wazuh-twitter',
      ].sort(),
    ));
  it('knows stateful from stateless', () => {
    expect(getBuiltin('restart-wazuh')!.keys).toBeUndefined();
    expect(getBuiltin('wazuh-slack')!.keys).toBeUndefined();
    expect(getBuiltin('host-deny')!.keys).toBeDefined();
  });
});

describe('resolveExecutable and installShims', () => {
  const tmp = tempDir();
  const bin = path.join(tmp.dir, 'active-response', 'bin');
  afterAll(() => tmp.cleanup());

  it('runs the built-in when no file is there', async () => expect((await resolveExecutable(bin, 'host-deny')).kind).toBe('builtin'));
  it('runs the built-in when the file is our shim', async () => {
    const written = await installShims(bin, ['firewall-drop', 'route-null'], { standalonePath: '/opt/riposte/standalone.js' });
    expect(written).toEqual([path.join(bin, 'firewall-drop'), path.join(bin, 'route-null')]);
    expect(fs.statSync(written[0]).mode & 0o777).toBe(0o750);
    expect(fs.readFileSync(written[0], 'utf8')).toBe(shimSource('/opt/riposte/standalone.js'));
    expect(fs.readFileSync(written[0], 'utf8')).toContain(SHIM_MARKER);
    expect(await resolveExecutable(bin, 'firewall-drop')).toMatchObject({ kind: 'builtin' });
  });
  it('lets a site file override the built-in, and never overwrites it', async () => {
    fs.writeFileSync(path.join(bin, 'host-deny'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(await installShims(bin, ['host-deny'])).toEqual([]);
    expect(await resolveExecutable(bin, 'host-deny')).toEqual({ kind: 'file', path: path.join(bin, 'host-deny') });
  });
  it('runs custom files and refuses traversal', async () => {
    fs.writeFileSync(path.join(bin, 'custom.sh'), '#!/bin/sh\n', { mode: 0o755 });
    expect((await resolveExecutable(bin, 'custom.sh')).kind).toBe('file');
    expect((await resolveExecutable(bin, 'nothing')).kind).toBe('missing');
    expect((await resolveExecutable(bin, '../custom.sh')).kind).toBe('missing');
    await expect(installShims(bin, ['../evil'])).rejects.toThrow(/invalid script name/);
  });
  it('picks the script busybox style or from the first argument', () => {
    expect(scriptNameFrom(['node', '/var/ossec/active-response/bin/host-deny'])).toEqual({ name: 'host-deny', args: [] });
    expect(scriptNameFrom(['node', '/opt/riposte/dist/libs/responses/src/standalone.js', 'route-null', '--dry-run'])).toEqual({ name: 'route-null', args: ['--dry-run'] });
  });
  it('derives the home and argv0 from a shim path', () => {
    expect(locateScript('/var/ossec/active-response/bin/host-deny', 'host-deny', {}, '/')).toEqual({ home: '/var/ossec', argv0: 'active-response/bin/host-deny' });
    expect(locateScript('/tmp/x/host-deny', 'host-deny', { RIPOSTE_AR_HOME: '/h' }, '/')).toEqual({ home: '/h', argv0: '/tmp/x/host-deny' });
  });
});
