import { fixture, readFixture } from '@riposte/testing';
import { memoryIo } from '../cli-io';
import { EXIT } from './cli-command';
import { policyCommand } from './policy.command';


const VALID = `<ossec_config>
  <command>
    <name>firewall-drop</name>
    <executable>firewall-drop</executable>
    <timeout_allowed>yes</timeout_allowed>
  </command>
  <command>
    <name>restart-wazuh</name>
    <executable>restart-wazuh</executable>
  </command>
  <active-response>
    <command>firewall-drop</command>
    <location>local</location>
    <level>10</level>
    <rules_group>sshd,</rules_group>
    <rules_id>5712,5720</rules_id>
    <timeout>600</timeout>
  </active-response>
  <active-response>
    <command>restart-wazuh</command>
    <location>defined-agent</location>
    <agent_id>12</agent_id>
    <rules_id>554</rules_id>
    <timeout>60</timeout>
  </active-response>
  <active-response>
    <disabled>yes</disabled>
    <command>firewall-drop</command>
    <location>server,all</location>
  </active-response>
  <active-response>
    <command>firewall-drop</command>
    <location>server,all</location>
    <rules_group>web,</rules_group>
  </active-response>
</ossec_config>
`;

const BROKEN = `<ossec_config>
  <command>
    <name>x</name>
  </command>
  <active-response>
    <command>firewall-drop</command>
    <location>moon</location>
  </active-response>
  <global>
    <white_list>300.0.0.1</white_list>
  </global>
</ossec_config>
`;

describe('riposte policy check (§1)', () => {
  it('prints the response table like agent_control -L and exits 0; warnings go to stderr', async () => {
    const io = memoryIo({ 'ossec.conf': VALID });
    expect(await policyCommand.run(['check', 'ossec.conf'], io)).toBe(EXIT.ok);
    expect(io.out).toBe(`ossec.conf: OK — 2 commands, 3 responses, 1 disabled, 0 white_list entries, node name 'undefined'

NAME              EXECUTABLE     TIMEOUT  LOCATION             CONDITIONS
firewall-drop600  firewall-drop  600      local                (level >= 10 AND rules_group 'sshd,') OR rules_id 5712,5720
restart-wazuh0    restart-wazuh  0        defined-agent 012    rules_id 554
firewall-drop0    firewall-drop  0        server [server,all]  rules_group 'web,'
`);
    expect(io.err).toBe("ossec.conf:24: (1305) Timeout not allowed for command: 'restart-wazuh'.\n");
  });

  it('prints JSON with --json', async () => {
    const io = memoryIo({ 'ossec.conf': VALID });
    expect(await policyCommand.run(['check', '--json', 'ossec.conf'], io)).toBe(EXIT.ok);
    const json = JSON.parse(io.out);
    expect(json).toMatchObject({ ok: true, source: 'ossec.conf', nodeName: 'undefined' });
    expect(json.responses[0]).toEqual({
      name: 'firewall-drop600',
      command: 'firewall-drop',
      executable: 'firewall-drop',
      timeout: 600,
      location: 'local',
      locationAsWritten: 'local',
      level: 10,
      rules_group: 'sshd,',
      rules_id: [5712, 5720],
      conditions: "(level >= 10 AND rules_group 'sshd,') OR rules_id 5712,5720",
      line: 11,
    });
    expect(json.ar_conf.slice(6)).toEqual([
      'firewall-drop600 - firewall-drop - 600',
      'restart-wazuh0 - restart-wazuh - 0',
      'firewall-drop0 - firewall-drop - 0',
    ]);
    expect(json.warnings).toEqual([
      expect.objectContaining({ code: '1305', line: 24, text: "ossec.conf:24: (1305) Timeout not allowed for command: 'restart-wazuh'." }),
    ]);
  });

  it('exits 1 with one file:line: (code) message per problem', async () => {
    const io = memoryIo({ 'bad.conf': BROKEN });
    expect(await policyCommand.run(['check', 'bad.conf'], io)).toBe(EXIT.failure);
    expect(io.out).toBe('');
    expect(io.err).toBe(
      [
        "bad.conf:2: (1280) Missing command options. You must specify a 'name' and 'executable'.",
        "bad.conf:7: (1302) Invalid active response location: 'moon'.",
        "bad.conf:10: (1237) Invalid ip address: '300.0.0.1'.",
        '',
      ].join('\n'),
    );
  });

  it('reports errors as JSON with --json, still exiting 1', async () => {
    const io = memoryIo({ 'bad.conf': BROKEN });
    expect(await policyCommand.run(['check', 'bad.conf', '--json'], io)).toBe(EXIT.failure);
    const json = JSON.parse(io.out);
    expect(json.ok).toBe(false);
    expect(json.errors.map((e: { code: string; line: number }) => [e.code, e.line])).toEqual([
      ['1280', 2],
      ['1302', 7],
      ['1237', 10],
    ]);
  });

  it('reports malformed XML with its line', async () => {
    const io = memoryIo({ 'x.conf': '<ossec_config>\n<command>\n</ossec_config>\n' });
    expect(await policyCommand.run(['check', 'x.conf'], io)).toBe(EXIT.failure);
    expect(io.err).toMatch(/^x\.conf:3: \(1226\) Error reading XML file 'x.conf': Expected closing tag 'command'/);
  });

  it('reads the configuration from stdin with -', async () => {
    const io = memoryIo({}, VALID);
    expect(await policyCommand.run(['check', '-'], io)).toBe(EXIT.ok);
    expect(io.out).toMatch(/^<stdin>: OK/);
  });

  it('says clearly when the file cannot be read', async () => {
    const io = memoryIo();
    expect(await policyCommand.run(['check', 'missing.conf'], io)).toBe(EXIT.failure);
    expect(io.err).toBe("riposte: cannot read configuration 'missing.conf': no such file\n");
  });

  it.each<[string[], number, RegExp]>([
    [['--help'], EXIT.ok, /^Usage: riposte policy check/],
    [['check', '--help'], EXIT.ok, /^Usage: riposte policy check/],
    [[], EXIT.usage, /missing subcommand/],
    [['lint', 'x'], EXIT.usage, /unknown subcommand 'lint'/],
    [['check'], EXIT.usage, /expected exactly one <ossec.conf>/],
    [['check', 'a', 'b'], EXIT.usage, /expected exactly one <ossec.conf>/],
    [['check', '--yaml', 'a'], EXIT.usage, /unknown option '--yaml'/],
  ])('%j exits %d', async (argv, code, output) => {
    const io = memoryIo();
    expect(await policyCommand.run(argv, io)).toBe(code);
    expect(code === EXIT.ok ? io.out : io.err).toMatch(output);
  });

  it('checks the default manager ossec.conf of the fixtures', async () => {
    const file = fixture('ok/ossec-conf/manager.conf');
    const io = memoryIo({ [file]: readFixture('ok/ossec-conf/manager.conf') });
    expect(await policyCommand.run(['check', file], io)).toBe(EXIT.ok);
    expect(io.out).toBe(`${file}: OK — 6 commands, 0 responses, 3 white_list entries, node name 'undefined'\n\nNo active response is configured.\n`);
    expect(io.err).toBe('');
  });
});
