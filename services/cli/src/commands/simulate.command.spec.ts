import { activeResponseBlock, readFixture, withFirewallDrop5712 } from '@riposte/testing';
import { memoryIo } from '../cli-io';
import { EXIT } from './cli-command';
import { simulateCommand } from './simulate.command';


const CONF = `<ossec_config>
  <global>
    <white_list>127.0.0.1</white_list>
    <white_list>10.0.0.0/8</white_list>
  </global>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>host-deny</name><executable>host-deny</executable><timeout_allowed>yes</timeout_allowed></command>
${activeResponseBlock({ command: 'firewall-drop', location: 'local', bind: '<rules_id>5712</rules_id>', timeout: 600 })}
${activeResponseBlock({ command: 'host-deny', location: 'all', bind: '<level>12</level>', timeout: 60 })}
</ossec_config>
`;

const alert = (o: { id?: string; level?: number; agent?: string; srcip?: string }) =>
  JSON.stringify({
    id: '1.1',
    rule: { id: o.id ?? '5712', level: o.level ?? 10, groups: ['sshd'] },
    agent: { id: o.agent ?? '001' },
    data: o.srcip ? { srcip: o.srcip } : {},
  });

async function simulate(argv: string[], files: Record<string, string>, stdin = '') {
  const io = memoryIo({ 'ossec.conf': CONF, ...files }, stdin);
  const code = await simulateCommand.run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('riposte simulate (§1.2, §1.4, §2)', () => {
  it('prints exactly the documented JSON for one alert, with --agents as the active agents of `all`', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'a.json', '--agents', '001,002', '--json'], {
      'a.json': alert({ level: 12, srcip: '203.0.113.7' }),
    });
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.out);
    expect(Object.keys(json).slice(0, 2)).toEqual(['dispatches', 'suppressed']);
    expect(json.dispatches.map(({ agent, name, command, location, timeout }: Record<string, unknown>) => ({ agent, name, command, location, timeout }))).toEqual([
      { agent: '001', name: 'firewall-drop600', command: 'firewall-drop', location: 'local', timeout: 600 },
      { agent: '000', name: 'host-deny60', command: 'host-deny', location: 'all', timeout: 60 },
      { agent: '001', name: 'host-deny60', command: 'host-deny', location: 'all', timeout: 60 },
      { agent: '002', name: 'host-deny60', command: 'host-deny', location: 'all', timeout: 60 },
    ]);
    expect(json.suppressed).toEqual([]);
    expect(r.err).toBe('');
  });

  it('lists suppressed responses with their reason', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'a.json', '--json'], { 'a.json': alert({ level: 12, srcip: '10.1.2.3' }) });
    expect(JSON.parse(r.out)).toMatchObject({
      dispatches: [],
      suppressed: [
        { name: 'firewall-drop600', reason: 'whitelisted', detail: "srcip '10.1.2.3' is white-listed (white_list entry '10.0.0.0/8')" },
        { name: 'host-deny60', reason: 'whitelisted' },
      ],
    });
  });

  it('simulates NDJSON from stdin, one result per line; a bad line is reported with its number and exits 1', async () => {
    const input = [alert({}), '', '{"rule": ', alert({ id: '1', level: 3 }), '{"rule":{"id":"1","level":"high"},"agent":{"id":"001"}}', '[1]'].join('\n');
    const r = await simulate(['--config', 'ossec.conf', '--alert', '-', '--json'], {}, input);
    expect(r.code).toBe(EXIT.failure);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].dispatches.map((d: { name: string }) => d.name)).toEqual(['firewall-drop600']);
    expect(lines[1]).toMatchObject({ line: 3, error: expect.stringMatching(/^invalid JSON: /) });
    expect(lines[2].dispatches).toEqual([]);
    expect(lines[3]).toEqual({ line: 5, error: 'invalid alert: rule.level: Expected number, received string' });
    expect(lines[4]).toEqual({ line: 6, error: 'expected a JSON object (one alert), or one alert per line (NDJSON)' });
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^<stdin>:3: invalid JSON: /),
      '<stdin>:5: invalid alert: rule.level: Expected number, received string',
      '<stdin>:6: expected a JSON object (one alert), or one alert per line (NDJSON)',
    ]);
  });

  it('reads one pretty-printed alert, and reports invalid JSON in it at its line', async () => {
    const pretty = JSON.stringify(JSON.parse(alert({})), null, 2);
    expect((await simulate(['--config', 'ossec.conf', '--alert', 'p.json', '--json'], { 'p.json': pretty })).code).toBe(EXIT.ok);
    const broken = pretty.replace('"level": 10', '"level": 10,,');
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'p.json'], { 'p.json': broken });
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toMatch(/^p\.json:5: invalid JSON: /);
  });

  it('adds the Wazuh message of each dispatch with --messages', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'a.json', '--json', '--messages'], { 'a.json': alert({}) });
    expect(JSON.parse(r.out).dispatches[0].message).toEqual({
      version: 1,
      origin: { name: 'undefined', module: 'wazuh-analysisd' },
      command: 'firewall-drop600',
      parameters: { extra_args: [], alert: JSON.parse(alert({})) },
    });
  });

  it('explains every response in the human output', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'a.json'], { 'a.json': alert({ srcip: '203.0.113.7' }) });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toBe(
      [
        'a.json:1: alert 1.1 — rule 5712, level 10, agent 001, srcip 203.0.113.7',
        '  groups: sshd,',
        '  dispatch  firewall-drop600 → 001  (local, firewall-drop, timeout 600s)',
        '  responses:',
        '    firewall-drop600 (ossec.conf:8): dispatched — bound by rules_id: rule 5712 in rules_id [5712]',
        '    host-deny60 (ossec.conf:14): not bound by level: level 10 < 12',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is dispatched', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'a.json'], { 'a.json': alert({ id: '1', level: 0 }) });
    expect(r.out).toContain('  nothing to dispatch\n');
  });

  it('exits 1 with the configuration problems when the configuration is invalid', async () => {
    const r = await simulate(['--config', 'bad.conf', '--alert', 'a.json'], {
      'bad.conf': '<ossec_config>\n<active-response><command>x</command><location>local</location></active-response>\n</ossec_config>',
      'a.json': alert({}),
    });
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toBe("bad.conf:2: (1303) Invalid command 'x' in the active response.\n");
    expect(r.out).toBe('');
  });

  it('says clearly when a file cannot be read', async () => {
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'nope.json'], {});
    expect(r).toEqual({ code: EXIT.failure, out: '', err: "riposte: cannot read alerts 'nope.json': no such file\n" });
  });

  it.each<[string[], number, RegExp]>([
    [['--help'], EXIT.ok, /^Usage: riposte simulate --config/],
    [[], EXIT.usage, /--config is required/],
    [['--config', 'ossec.conf'], EXIT.usage, /--alert is required/],
    [['--config', 'ossec.conf', '--alert', 'a', '--agents', '1,002'], EXIT.usage, /--agents: '1' is not an agent id/],
    [['--config', '-', '--alert', '-'], EXIT.usage, /cannot both read stdin/],
    [['--config', 'ossec.conf', '--alert', 'a', 'extra'], EXIT.usage, /unexpected argument 'extra'/],
  ])('%j exits %d', async (argv, code, output) => {
    const r = await simulate(argv, {});
    expect(r.code).toBe(code);
    expect(code === EXIT.ok ? r.out : r.err).toMatch(output);
  });

  it('the default manager ossec.conf plus a firewall-drop block, on the sshd 5712 alert of the fixtures', async () => {
    const conf = withFirewallDrop5712(readFixture('ok/ossec-conf/manager.conf'));
    const r = await simulate(['--config', 'ossec.conf', '--alert', 'alert.json', '--json'], {
      'ossec.conf': conf,
      'alert.json': readFixture('ok/alerts/sshd-5712.json'),
    });
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toMatchObject({
      dispatches: [{ agent: '000', name: 'firewall-drop600', command: 'firewall-drop', location: 'local', timeout: 600 }],
      suppressed: [],
    });
  });
});
