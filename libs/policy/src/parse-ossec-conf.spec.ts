import { parseOssecConf } from './parse-ossec-conf';
import { conf, FW, ok, parsedPolicy, problems } from './testing/ossec-conf';
import { OssecConfigError } from './config-error';

describe('§1.4 <global><white_list> (parsing)', () => {
  it('reads every value of every <global> in document order', () => {
    const policy = parsedPolicy(
      'c',
      '<global><white_list>127.0.0.1</white_list><email_to>x@y</email_to></global>',
      '<global><white_list>^localhost.localdomain$</white_list><white_list>10.0.0.0/8</white_list></global>',
    );
    expect(policy.whitelist.entries.map((e) => `${e.kind}:${e.raw}`)).toEqual([
      'ipv4:127.0.0.1',
      'pattern:^localhost.localdomain$',
      'ipv4:10.0.0.0/8',
    ]);
  });

  it.each(['300.1.1.1', '10.0.0.1/33', '1.2.3.4/255.255.255.256', '01.2.3.4'])('rejects %j (1237)', (value) => {
    const result = parseOssecConf(conf('<global>', `<white_list>${value}</white_list>`, '</global>'), 'c.conf');
    expect(problems(result)).toEqual([`c.conf:3: (1237) Invalid ip address: '${value}'.`]);
  });
});

describe('§1 whole files', () => {
  it('reads several <ossec_config> roots in order, ignores comments and every other section', () => {
    const xml = [
      '<!-- header -->',
      '<ossec_config>',
      '  <syscheck><frequency>43200</frequency></syscheck>',
      `  ${FW}`,
      '  <!--',
      '  <active-response><command>nope</command><location>local</location></active-response>',
      '  -->',
      '</ossec_config>',
      '<ossec_config>',
      '  <cluster><name>wazuh</name><node_name>node01</node_name><disabled>yes</disabled></cluster>',
      '  <active-response><command>firewall-drop</command><location>local</location><level>5</level></active-response>',
      '</ossec_config>',
    ].join('\n');
    const policy = ok(parseOssecConf(xml, 'c'));
    expect(policy.responses.map((r) => [r.name, r.line])).toEqual([['firewall-drop0', 11]]);
    expect(policy.nodeName).toBe('node01');
  });

  it('names the node "undefined" without <cluster><node_name> (spec §3.1)', () => {
    expect(ok(parseOssecConf(conf(), 'c')).nodeName).toBe('undefined');
  });

  it('rejects a root other than <ossec_config> (1230)', () => {
    expect(problems(parseOssecConf('<ossec_config/>\n<agent_config/>', 'c.conf'))).toEqual([
      "c.conf:2: (1230) Invalid element in the configuration: 'agent_config'.",
    ]);
  });

  it.each<[string, string, number]>([
    ['an unclosed element', '<ossec_config>\n<command>\n<name>x</name>\n</ossec_config>', 4],
    ['an unclosed comment', '<ossec_config>\n<!-- x\n</ossec_config>', 2],
    ['a stray end tag', '<ossec_config>\n</command>\n</ossec_config>', 2],
  ])('reports malformed XML (%s) as 1226 with its line', (_what, xml, line) => {
    const result = parseOssecConf(xml, 'bad.conf');
    if (result.ok) throw new Error('expected errors');
    const [problem] = result.errors;
    expect(problem).toMatchObject({ code: '1226', line, source: 'bad.conf' });
    expect(problem.message).toMatch(/^Error reading XML file 'bad.conf': .+ \(line \d+\)\.$/);
    expect(problem.message).not.toMatch(/riposte-root/);
  });

  it('accepts an XML declaration and a DOCTYPE', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE ossec_config>\n${conf(FW)}`;
    expect(ok(parseOssecConf(xml, 'c')).commands[0].line).toBe(4);
  });
});

describe('what services read at boot', () => {
  it('a broken file gives no policy, only its problems, which an OssecConfigError (a ConfigError, not retriable) lists', () => {
    const result = parseOssecConf(conf('<command><name>x</name></command>'), 'c.conf');
    if (result.ok) throw new Error('parsed a broken file');
    const err = new OssecConfigError(result.errors);
    expect(err).toBeInstanceOf(OssecConfigError);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.retriable).toBe(false);
    expect(err.problems).toHaveLength(1);
    expect(err.message).toBe("c.conf:2: (1280) Missing command options. You must specify a 'name' and 'executable'.");
  });

  it('returns the policy and the warnings', () => {
    const result = parseOssecConf(conf('<command><name>a</name><executable>a</executable><expect/></command>'), 'c');
    expect(ok(result).commands).toHaveLength(1);
    expect(result.warnings).toHaveLength(1);
  });
});
