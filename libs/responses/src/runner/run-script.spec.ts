import { createFirewallDrop } from '../scripts/firewall-drop.script';
import { restartWazuh } from '../scripts/restart-wazuh.script';
import { arLogFixture, fixtureJson, itHandlesTheExecdInputCases, itReplaysTheAddDeleteCapture, readFixture } from '@riposte/testing';
import { aMessage, withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';

const firewallDrop = createFirewallDrop('firewall-drop');

describe('runScript (spec §3.2, setup_and_check_message / send_keys_and_check_message)', () => {
  describe('when a logged add and delete are replayed (fixture ok/ar-log/firewall-drop-add-delete.log)', () => {
    const capture = arLogFixture('ok/ar-log/firewall-drop-add-delete.log');
    itReplaysTheAddDeleteCapture(capture, (input, reply) => runInMemory(firewallDrop, input, { reply }), '198.51.100.20');
    it('reads the same add, continue and delete as the message fixtures', () => {
      expect([capture[1].msg, capture[3].msg, capture[6].msg]).toEqual(
        ['add', 'continue', 'delete'].map((c) => readFixture(`ok/messages/execd-to-script-${c}.json`).trim()),
      );
    });
    it('uses the argv0 execd launched it with', async () => {
      const run = await runInMemory(firewallDrop, capture[1].msg);
      expect(run.lines.every((l) => l.includes(` ${capture[0].argv0}: `))).toBe(true);
    });
  });

  describe('when execd answers abort (the key is already active)', () => {
    it('logs Aborted after the abort message of the fixtures, and runs nothing', async () => {
      const run = await runInMemory(firewallDrop, readFixture('ok/messages/execd-to-script-add.json').trim(), { reply: readFixture('ok/messages/execd-to-script-abort.json').trim() });
      expect(run.messages.slice(-1)).toEqual(['Aborted']);
      expect(run.commands).toEqual([]);
      expect(run.exitCode).toBe(0);
    });
    it('logs Aborted, exits 0 and runs nothing', async () => {
      const run = await runInMemory(firewallDrop, withSrcip('10.0.0.1'), { reply: 'abort' });
      expect(run.messages.slice(-1)).toEqual(['Aborted']);
      expect(run.messages).not.toContain('Ended');
      expect(run.commands).toEqual([]);
      expect(run.exitCode).toBe(0);
    });
  });

  describe('when execd answers something else', () => {
    it.each([
      ['not JSON', 'garbage', 'Invalid input format'],
      ['an unknown command', JSON.stringify({ ...aMessage(), command: 'maybe' }), "Invalid value of 'command'"],
    ])('exits -1 without running anything on %s', async (_what, reply, line) => {
      const run = await runInMemory(firewallDrop, withSrcip('10.0.0.1'), { reply });
      expect(run.messages.slice(-1)).toEqual([line]);
      expect(run.commands).toEqual([]);
      expect(run.exitCode).toBe(-1);
    });
    it('exits -1 at end of input', async () => {
      const run = await runInMemory(firewallDrop, withSrcip('10.0.0.1'), { reply: null });
      expect(run.messages.slice(-1)).toEqual(['Cannot read input from stdin']);
      expect(run.exitCode).toBe(-1);
    });
  });

  describe('when the input is malformed (agent inputs as execd receives them, `#!-execd {…}`)', () => {
    const inputs = ['ok/messages/agent-input-firewall-drop5.txt', 'not-ok/messages/agent-input-no-srcip.txt', 'not-ok/messages/agent-input-no-version.txt', 'not-ok/messages/agent-input-no-parameters.txt'].map(
      (name) => readFixture(name).trim().replace(/^#!-execd /, ''),
    );
    itHandlesTheExecdInputCases(inputs, (input) => runInMemory(firewallDrop, input), '192.0.2.15');
    it('refuses a string version ("version":"1")', async () => {
      const line = readFixture('not-ok/messages/string-version.json').trim();
      expect(fixtureJson('not-ok/messages/string-version.json').version).toBe('1');
      const run = await runInMemory(restartWazuh, line);
      expect(run.messages).toEqual(['Starting', line, 'Invalid input format']);
    });
    it('logs Cannot read input from stdin on empty input', async () => {
      const run = await runInMemory(firewallDrop, '');
      expect(run.messages).toEqual(['Starting', '', 'Invalid input format']);
    });
    it('cuts a line at 65535 bytes like fgets', async () => {
      const long = JSON.stringify(aMessage({ data: { srcip: '10.0.0.1', pad: 'x'.repeat(70000) } }));
      const run = await runInMemory(firewallDrop, long);
      expect(run.messages[1]).toHaveLength(65535);
      expect(run.messages.slice(-1)).toEqual(['Invalid input format']);
    });
  });

  describe('when the script is stateless', () => {
    it('prints nothing and runs on add', async () => {
      const run = await runInMemory(restartWazuh, aMessage(), { home: '/opt/wazuh' });
      expect(run.printed).toEqual([]);
      expect(run.commands).toEqual(['/opt/wazuh/bin/wazuh-control restart']);
      expect(run.messages).toEqual(['Starting', JSON.stringify(aMessage()), 'Ended']);
    });
  });
});
