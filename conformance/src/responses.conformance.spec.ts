/**
 * The script side of the protocol against Wazuh's own captures: the Shellshock lab's active-responses.log (add and
 * delete, byte for byte), the test_execd integration inputs, the test_execd.c message literals and the
 * custom-active-response-scripts documentation messages.
 */
import { getBuiltin } from '@riposte/responses';
import { formatArLogLine } from '@riposte/responses/src/ports/ar-log';
import { formatCheckKeys, parseCheckKeys, rkeyFor } from '@riposte/responses/src/protocol/check-keys';
import { checkReply, parseProtocolLine } from '@riposte/responses/src/protocol/parse-message';
import { createFirewallDrop } from '@riposte/responses/src/scripts/firewall-drop.script';
import { slackPayload } from '@riposte/responses/src/scripts/wazuh-slack.script';
import { runInMemory } from '@riposte/responses/src/testing/run-in-memory';
import { itHandlesTheExecdInputCases, itReplaysTheAddDeleteCapture } from '@riposte/testing';
import { EXECD_MESSAGES, shellshockLog, SSHD_ALERT, wazuhFixture as readFixture, wazuhFixtureJson } from './wazuh-fixtures';

const firewallDrop = createFirewallDrop('firewall-drop');
const restartWazuh = getBuiltin('restart-wazuh')!;

describe('runScript on the Shellshock lab capture (learning-wazuh/shellshock.rst)', () => {
  const capture = shellshockLog();
  itReplaysTheAddDeleteCapture(capture, (input, reply) => runInMemory(firewallDrop, input, { reply }), '192.168.56.3');
  it('uses the argv0 execd launched it with', async () => {
    const run = await runInMemory(firewallDrop, capture[1].msg);
    expect(run.lines.every((l) => l.includes(` ${capture[0].argv0}: `))).toBe(true);
  });
  it('writes "<timestamp> <argv0>: <msg>" exactly like the lab capture', () => {
    const at = new Date(2022, 5, 17, 14, 46, 27).getTime(); // local time, as w_get_timestamp
    const first = capture[0];
    expect(formatArLogLine(at, first.argv0, first.msg)).toBe(`${first.timestamp} ${first.argv0}: ${first.msg}\n`);
  });
});

describe('runScript on the test_execd integration cases (cases_execd_firewall_drop.yaml)', () => {
  const yaml = readFixture('wazuh__tests__integration__test_execd__cases_execd_firewall_drop.yaml');
  const inputs = [...yaml.matchAll(/input: '#!-execd ([^']+)'/g)].map((m) => m[1].replace(/\n\s+/g, ''));
  itHandlesTheExecdInputCases(inputs, (input) => runInMemory(firewallDrop, input), '3.3.3.3');
});

describe('the test_execd.c literals (test_ExecdStart_ok)', () => {
  const derived = wazuhFixtureJson<Record<string, string>>(EXECD_MESSAGES);
  const keysLine = derived['3_script_to_execd_check_keys'].trim();
  it('refuses a string version, as in the test_execd.c literals', async () => {
    const run = await runInMemory(restartWazuh, derived['2_execd_to_script_stdin'].trim());
    expect(run.messages).toEqual(['Starting', derived['2_execd_to_script_stdin'].trim(), 'Invalid input format']);
  });
  it('reads the keys of test_execd.c', () => expect(parseCheckKeys(keysLine)).toEqual({ valid: true, keys: ['10.0.0.1', 'root'] }));
  it('builds the rkey from basename(program) and each key', () =>
    expect(rkeyFor('active-response/bin/restart-wazuh', keysLine)).toEqual({ rkey: 'restart-wazuh-10.0.0.1-root', truncated: false }));
  it('keeps the bare basename when the check_keys line has a string version', () =>
    expect(rkeyFor('active-response/bin/host-deny', keysLine.replace('"version":1', '"version":"1"')).rkey).toBe('host-deny'));
});

describe('the custom-active-response-scripts documentation messages', () => {
  it('prints check_keys byte for byte like the docs capture', () => {
    const docs = JSON.stringify(JSON.parse(readFixture('wazuh-documentation__custom-active-response-scripts.rst__check_keys-control-message.json')));
    expect(formatCheckKeys('program-name', ['10.0.0.1'])).toBe(docs);
  });
  it('reads the documented continue message as a valid message', () => {
    const line = JSON.stringify(JSON.parse(readFixture('wazuh-documentation__custom-active-response-scripts.rst__continue-response-message.json')));
    expect(parseProtocolLine(line)).toMatchObject({ version: 1, origin: { name: 'node01', module: 'wazuh-execd' }, command: 'continue' });
    expect(checkReply(line)).toEqual({ ok: true, reply: 'continue' });
  });
});

describe('wazuh-slack payload (format_output) on the integratord sshd alert', () => {
  it('summarises the sshd alert in Wazuh key order', () => {
    expect(JSON.stringify(slackPayload(wazuhFixtureJson(SSHD_ALERT)))).toBe(
      JSON.stringify({
        attachments: [
          {
            color: 'danger',
            pretext: 'WAZUH Alert',
            title: 'sshd: brute force trying to get access to the system. Non existent user.',
            text: 'May 11 12:29:18 localhost sshd[17584]: Invalid user paco from 172.17.1.1 port 56404',
            fields: [
              { title: 'Agent', value: '(000) - localhost.localdomain' },
              { title: 'Location', value: '/var/log/secure' },
              { title: 'Rule ID', value: '5712 (level 10)' },
            ],
            ts: '1652272159.1549653',
          },
        ],
      }),
    );
  });
});
