import * as fs from 'node:fs';
import * as path from 'node:path';
import { installShims } from '../install-shims';
import { createStubBin } from '../testing/stub-bin';
import { withSrcip } from '../testing/messages';
import { tempDir, TS_STANDALONE, wazuhHome } from '../testing/system';
import type { KeysReply } from './invoke-result';
import { invokeDelete, invokeProcess } from './invoke-process';

jest.setTimeout(120_000); // real processes: several Node starts per test on a loaded CI machine

describe('invokeProcess: a script file run like execd runs it', () => {
  const tmp = tempDir();
  const { home, bin, log } = wazuhHome(tmp.dir);
  const root = path.join(tmp.dir, 'root');
  const stubs = createStubBin({ 'firewall-cmd': {} });
  const env = { ...process.env, PATH: stubs.path, RIPOSTE_AR_HOME: home, RIPOSTE_AR_ROOT: root };
  const argv = (name: string) => [path.join(bin, name)];
  beforeAll(async () => {
    await installShims(bin, ['firewalld-drop', 'restart-wazuh', 'ip-customblock'], { standalonePath: TS_STANDALONE });
    fs.mkdirSync(path.join(home, 'bin'));
    fs.copyFileSync(stubs.add('wazuh-control'), path.join(home, 'bin', 'wazuh-control'));
    fs.chmodSync(path.join(home, 'bin', 'wazuh-control'), 0o755);
  });
  afterAll(() => {
    stubs.remove();
    tmp.cleanup();
  });

  it('exchanges keys, continues, and the script runs its add', async () => {
    const seen: KeysReply[] = [];
    const result = await invokeProcess(path.join(bin, 'firewalld-drop'), argv('firewalld-drop'), withSrcip('10.0.0.5'), { env, onKeys: (r) => (seen.push(r), 'continue') });
    expect(result).toMatchObject({ kind: 'continued', rkey: 'firewalld-drop-10.0.0.5', keys: ['10.0.0.5'], exitCode: 0 });
    expect(seen[0].valid).toBe(true);
    expect(stubs.lines().filter((l) => l.startsWith('firewall-cmd'))).toEqual(['firewall-cmd --add-rich-rule rule family=ipv4 source address=10.0.0.5 drop']);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.replace(/^\S+ \S+ /, ''))).toEqual([
      'active-response/bin/firewalld-drop: Starting',
      `active-response/bin/firewalld-drop: ${JSON.stringify(withSrcip('10.0.0.5'))}`,
      'active-response/bin/firewalld-drop: {"version":1,"origin":{"name":"firewalld-drop","module":"active-response"},"command":"check_keys","parameters":{"keys":["10.0.0.5"]}}',
      `active-response/bin/firewalld-drop: ${JSON.stringify({ ...withSrcip('10.0.0.5'), command: 'continue' })}`,
      'active-response/bin/firewalld-drop: Ended',
    ]);
  });
  it('aborts: the script logs Aborted and runs nothing', async () => {
    const before = stubs.calls().length;
    const result = await invokeProcess(path.join(bin, 'firewalld-drop'), argv('firewalld-drop'), withSrcip('10.0.0.6'), { env, onKeys: () => 'abort' });
    expect(result).toMatchObject({ kind: 'aborted', exitCode: 0 });
    expect(stubs.calls().length).toBe(before);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/firewalld-drop: Aborted\n$/);
  });
  it('is stateless when the script prints no keys (restart-wazuh)', async () => {
    const result = await invokeProcess(path.join(bin, 'restart-wazuh'), argv('restart-wazuh'), withSrcip('10.0.0.6'), { env, onKeys: () => 'continue' });
    expect(result).toMatchObject({ kind: 'stateless', exitCode: 0 });
    expect(result.reason).toContain("Message not received with alert keys from script '");
    expect(stubs.lines().slice(-1)).toEqual(['wazuh-control restart']);
  });
  it('runs a delete on stdin only (ip-customblock under a temporary root)', async () => {
    await invokeProcess(path.join(bin, 'ip-customblock'), argv('ip-customblock'), withSrcip('10.0.0.7'), { env, onKeys: () => 'continue' });
    expect(fs.existsSync(path.join(root, 'ipblock', '10.0.0.7'))).toBe(true);
    const result = await invokeDelete(path.join(bin, 'ip-customblock'), argv('ip-customblock'), withSrcip('10.0.0.7', 'delete'), { env });
    expect(result).toMatchObject({ kind: 'completed', exitCode: 0 });
    expect(fs.existsSync(path.join(root, 'ipblock', '10.0.0.7'))).toBe(false);
  });
  it('drops what a script prints after its first line (issue 11): 20 MB of stdout, and the run still ends', async () => {
    const chatty = path.join(bin, 'chatty');
    fs.writeFileSync(
      chatty,
      `#!/bin/sh\nread -r line\necho '{"version":1,"origin":{"name":"chatty","module":"active-response"},"command":"check_keys","parameters":{"keys":["10.0.0.9"]}}'\nhead -c 20000000 /dev/zero\nread -r reply\nexit 0\n`,
      { mode: 0o755 },
    );
    const result = await invokeProcess(chatty, [chatty], withSrcip('10.0.0.9'), { env, onKeys: () => 'continue' });
    expect(result).toMatchObject({ kind: 'continued', rkey: 'chatty-10.0.0.9', exitCode: 0 });
  });
  it('kills the whole process group of a hung script', async () => {
    const pidFile = path.join(tmp.dir, 'grandchild.pid');
    const hang = path.join(bin, 'hang');
    fs.writeFileSync(
      hang,
      `#!${process.execPath}\nconst c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nrequire('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));\nsetInterval(() => {}, 1000);\n`,
      { mode: 0o755 },
    );
    const result = await invokeProcess(hang, [hang], withSrcip('10.0.0.8'), { env, onKeys: () => 'continue', timeoutMs: 1500, keysTimeoutMs: 500 });
    expect(result.kind).toBe('killed');
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 200));
    const state = fs.existsSync(`/proc/${grandchild}/stat`) ? fs.readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1][0] : 'gone';
    expect(['gone', 'Z']).toContain(state); // dead (a zombie until init reaps it)
  });
  it('logs the commands instead of running them in dry run', async () => {
    await installShims(bin, ['firewall-drop'], { standalonePath: TS_STANDALONE });
    const before = stubs.calls().length;
    const dry = { ...env, RIPOSTE_AR_DRY_RUN: '1', PATH: path.dirname(process.execPath) };
    const result = await invokeProcess(path.join(bin, 'firewall-drop'), argv('firewall-drop'), withSrcip('10.0.0.10'), { env: dry, onKeys: () => 'continue' });
    expect(result).toMatchObject({ kind: 'continued', exitCode: 0 });
    expect(fs.readFileSync(log, 'utf8')).toMatch(/firewall-drop: Dry run: \S*iptables -I INPUT -s 10\.0\.0\.10 -j DROP\n.*firewall-drop: Dry run: \S*iptables -I FORWARD -s 10\.0\.0\.10 -j DROP\n.*firewall-drop: Ended\n$/);
    expect(stubs.calls().length).toBe(before);
  });
  it('reports a script that cannot start', async () => {
    const result = await invokeProcess(path.join(bin, 'missing'), argv('missing'), withSrcip('10.0.0.9'), { env, onKeys: () => 'continue' });
    expect(result).toMatchObject({ kind: 'failed', reason: 'cannot run: ENOENT' });
  });
});
