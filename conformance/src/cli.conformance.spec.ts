/** `riposte policy check` and `riposte simulate` as a process on the real Wazuh manager configuration and sshd alert. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { withFirewallDrop5712 } from '@riposte/testing';
import { REPO_ROOT, SSHD_ALERT, wazuhFixture, wazuhFixturePath } from './wazuh-fixtures';

function riposte(...args: string[]) {
  return spawnSync(process.execPath, ['-r', './tools/ts-register.js', 'services/cli/src/main.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60000 });
}

describe('riposte policy check on Wazuh 4.14.7 etc/ossec-server.conf', () => {
  it('reports the shipped configuration exactly and exits 0', () => {
    const file = wazuhFixturePath('wazuh__etc__ossec-server.conf');
    const run = riposte('policy', 'check', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${file}: OK — 6 commands, 0 responses, 3 white_list entries, node name 'undefined'\n\nNo active response is configured.\n`);
  });
});

describe('riposte simulate on the shipped ossec-server.conf plus a firewall-drop block', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-conformance-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('dispatches firewall-drop600 on the manager for the real 5712 alert', () => {
    const conf = path.join(dir, 'ossec.conf');
    const alert = path.join(dir, 'alert.json');
    writeFileSync(conf, withFirewallDrop5712(wazuhFixture('wazuh__etc__ossec-server.conf')));
    writeFileSync(alert, wazuhFixture(SSHD_ALERT));
    const run = riposte('simulate', '--config', conf, '--alert', alert, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      dispatches: [{ agent: '000', name: 'firewall-drop600', command: 'firewall-drop', location: 'local', timeout: 600 }],
      suppressed: [],
    });
  });
});
