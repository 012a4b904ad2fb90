import { parseOssecConf, loadPolicy, type ParseResult } from './parse-ossec-conf';
import type { Policy } from './policy';
import { formatProblem } from './problem';
import { OssecConfigError } from './config-error';

/** `<ossec_config>` on line 1, then one given line per line: line numbers in assertions are the array index + 2. */
function conf(...lines: string[]): string {
  return ['<ossec_config>', ...lines, '</ossec_config>'].join('\n');
}

const FW = '<command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>';

function ok(result: ParseResult): Policy {
  if (!result.ok) throw new Error(`expected a policy, got:\n${result.errors.map(formatProblem).join('\n')}`);
  return result.policy;
}

function problems(result: ParseResult): string[] {
  return result.ok ? [] : result.errors.map(formatProblem);
}

function warnings(result: ParseResult): string[] {
  return result.warnings.map(formatProblem);
}

describe('§1.1 <command>', () => {
  it('reads name, executable, timeout_allowed, extra_args and expect', () => {
    const policy = ok(
      parseOssecConf(
        conf(
          '<command>',
          '  <name>custom</name>',
          '  <executable>custom.sh</executable>',
          '  <timeout_allowed>yes</timeout_allowed>',
          '  <extra_args>-arg1 --arg2 arg3 ; cat /etc/passwd</extra_args>',
          '  <expect>srcip</expect>',
          '</command>',
        ),
        'c.conf',
      ),
    );
    expect(policy.commands).toEqual([
      {
        name: 'custom',
        executable: 'custom.sh',
        timeoutAllowed: true,
        extraArgs: '-arg1 --arg2 arg3 ; cat /etc/passwd',
        expect: 'srcip',
        line: 2,
      },
    ]);
  });

  it('defaults timeout_allowed to no (the docs say yes; the code zeroes the struct)', () => {
    const policy = ok(parseOssecConf(conf('<command><name>a</name><executable>a</executable></command>'), 'c'));
    expect(policy.commands[0].timeoutAllowed).toBe(false);
  });

  it('keeps values exactly as written (no trimming, no entity decoding, raw & accepted)', () => {
    const policy = ok(
      parseOssecConf(conf('<command><name> a </name><executable>x&amp;y&z</executable></command>'), 'c'),
    );
    expect(policy.commands[0]).toMatchObject({ name: ' a ', executable: 'x&amp;y&z' });
  });

  it('warns that <expect> is deprecated since 4.2.0, at the line of <expect>', () => {
    const result = parseOssecConf(
      conf('<command>', '<name>a</name>', '<executable>a</executable>', '<expect>user</expect>', '</command>'),
      'c.conf',
    );
    expect(warnings(result)).toEqual(['c.conf:5: (expect) The <expect> tag is deprecated since version 4.2.0.']);
  });

  it('accepts an empty <name> and <executable> (the XML reader gives "", not NULL)', () => {
    const policy = ok(parseOssecConf(conf('<command><name></name><executable/></command>'), 'c'));
    expect(policy.commands[0]).toMatchObject({ name: '', executable: '' });
  });

  it('keeps duplicates; look-ups take the first definition', () => {
    const policy = ok(
      parseOssecConf(
        conf(
          '<command><name>a</name><executable>first</executable></command>',
          '<command><name>a</name><executable>second</executable></command>',
          '<active-response><command>a</command><location>local</location><level>3</level></active-response>',
        ),
        'c',
      ),
    );
    expect(policy.commands).toHaveLength(2);
    expect(policy.responses[0].command.executable).toBe('first');
  });

  describe('errors', () => {
    it.each<[string, string[], string]>([
      [
        'a name starting with ! (1235)',
        ['<command>', '<name>!x</name>', '<executable>x</executable>', '</command>'],
        "c.conf:3: (1235) Invalid value for element 'name': !x.",
      ],
      [
        'timeout_allowed other than yes/no, case-sensitive (1235)',
        ['<command>', '<name>x</name>', '<executable>x</executable>', '<timeout_allowed>Yes</timeout_allowed>', '</command>'],
        "c.conf:5: (1235) Invalid value for element 'timeout_allowed': Yes.",
      ],
      [
        'an unknown element (1230)',
        ['<command>', '<name>x</name>', '<executable>x</executable>', '<timeout>5</timeout>', '</command>'],
        "c.conf:5: (1230) Invalid element in the configuration: 'timeout'.",
      ],
      [
        'a missing executable (1280), at the <command> line',
        ['', '<command>', '<name>x</name>', '</command>'],
        "c.conf:3: (1280) Missing command options. You must specify a 'name' and 'executable'.",
      ],
      [
        'a missing name (1280)',
        ['<command>', '<executable>x</executable>', '</command>'],
        "c.conf:2: (1280) Missing command options. You must specify a 'name' and 'executable'.",
      ],
    ])('%s', (_what, lines, expected) => {
      expect(problems(parseOssecConf(conf(...lines), 'c.conf'))).toEqual([expected]);
    });
  });
});

describe('§1.2 <active-response> on the manager', () => {
  const block = (...options: string[]) => `<active-response>${options.join('')}</active-response>`;

  it('names the response <command><timeout> and keeps every option', () => {
    const policy = ok(
      parseOssecConf(
        conf(
          FW,
          block(
            '<command>firewall-drop</command>',
            '<location>defined-agent</location>',
            '<agent_id>12</agent_id>',
            '<level>7</level>',
            '<rules_group>sshd,|web,</rules_group>',
            '<rules_id>5712, 5720</rules_id>',
            '<timeout>600</timeout>',
            '<repeated_offenders>30,60</repeated_offenders>',
            '<ca_store>x</ca_store>',
          ),
        ),
        'c',
      ),
    );
    expect(policy.responses).toHaveLength(1);
    expect(policy.responses[0]).toMatchObject({
      index: 0,
      name: 'firewall-drop600',
      location: 'defined-agent',
      flags: { server: false, local: false, definedAgent: true, all: false },
      agentId: '12',
      definedAgent: '012',
      level: 7,
      rulesGroup: 'sshd,|web,',
      rulesId: '5712, 5720',
      ruleIds: [5712, 5720],
      timeout: 600,
      repeatedOffenders: '30,60',
      line: 3,
    });
  });

  it('converts timeout with atoi and names with %d (firewall-drop-5, host-deny0)', () => {
    const policy = ok(
      parseOssecConf(
        conf(
          FW,
          block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>-5</timeout>'),
          block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>600s</timeout>'),
          block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>abc</timeout>'),
        ),
        'c',
      ),
    );
    expect(policy.responses.map((r) => r.name)).toEqual(['firewall-drop-5', 'firewall-drop600', 'firewall-drop0']);
  });

  describe('location (OS_Regex: case-insensitive substring, | is OR; one string can set several bits)', () => {
    it.each<[string, { server: boolean; local: boolean; definedAgent: boolean; all: boolean }]>([
      ['server', { server: true, local: false, definedAgent: false, all: false }],
      ['AS', { server: true, local: false, definedAgent: false, all: false }],
      ['analysisd', { server: true, local: false, definedAgent: false, all: false }],
      ['analysis-server', { server: true, local: false, definedAgent: false, all: false }],
      ['Server', { server: true, local: false, definedAgent: false, all: false }],
      ['local', { server: false, local: true, definedAgent: false, all: false }],
      ['LOCAL', { server: false, local: true, definedAgent: false, all: false }],
      ['all', { server: false, local: false, definedAgent: false, all: true }],
      ['any', { server: false, local: false, definedAgent: false, all: true }],
      ['ALL', { server: false, local: false, definedAgent: false, all: true }],
      ['server,all', { server: true, local: false, definedAgent: false, all: true }],
      ['local|all', { server: false, local: true, definedAgent: false, all: true }],
      ['last', { server: true, local: false, definedAgent: false, all: false }],
      ['my-local-box', { server: false, local: true, definedAgent: false, all: false }],
    ])('%j sets %j', (location, flags) => {
      const policy = ok(
        parseOssecConf(conf(FW, block(`<command>firewall-drop</command><location>${location}</location><level>1</level>`)), 'c'),
      );
      expect(policy.responses[0].flags).toEqual(flags);
    });

    it('rejects a location that sets no bit (1302), at the <location> line', () => {
      const result = parseOssecConf(
        conf(FW, '<active-response>', '<command>firewall-drop</command>', '<location>nowhere</location>', '</active-response>'),
        'c.conf',
      );
      expect(problems(result)).toEqual(["c.conf:5: (1302) Invalid active response location: 'nowhere'."]);
    });
  });

  describe('defined-agent and agent_id (atoi; one agent only)', () => {
    it.each<[string, string]>([
      ['1', '001'],
      ['001', '001'],
      ['001,002', '001'],
      ['1234', '1234'],
      [' 7', '007'],
    ])('agent_id %j targets %s', (agentId, target) => {
      const policy = ok(
        parseOssecConf(
          conf(FW, block(`<command>firewall-drop</command><location>defined-agent</location><agent_id>${agentId}</agent_id><level>1</level>`)),
          'c',
        ),
      );
      expect(policy.responses[0].definedAgent).toBe(target);
    });

    it('without agent_id is fatal (1304), at the block line', () => {
      const result = parseOssecConf(conf(FW, block('<command>firewall-drop</command><location>defined-agent</location>')), 'c.conf');
      expect(problems(result)).toEqual(['c.conf:3: (1304) No agent defined for response.']);
    });

    it.each(['0', '000', 'abc', ''])('agent_id %j (atoi 0) drops the block with warning 1306', (agentId) => {
      const result = parseOssecConf(
        conf(
          FW,
          '<active-response>',
          '<command>firewall-drop</command>',
          '<location>defined-agent</location>',
          `<agent_id>${agentId}</agent_id>`,
          '</active-response>',
        ),
        'c.conf',
      );
      expect(ok(result).responses).toEqual([]);
      expect(warnings(result)).toEqual(['c.conf:6: (1306) Invalid agent ID. Use location=server to run AR on the manager.']);
    });
  });

  describe('level (digits only, 0 to 20, 0 = unset)', () => {
    it.each<[string, number]>([
      ['0', 0],
      ['1', 1],
      ['020', 20],
      ['', 0],
    ])('%j is level %d', (value, level) => {
      const policy = ok(parseOssecConf(conf(FW, block(`<command>firewall-drop</command><location>local</location><level>${value}</level>`)), 'c'));
      expect(policy.responses[0].level).toBe(level);
    });

    it.each(['21', '-1', '1.5', ' 5', 'ten'])('%j is rejected (1235)', (value) => {
      const result = parseOssecConf(conf(FW, '<active-response>', `<level>${value}</level>`, '</active-response>'), 'c.conf');
      expect(problems(result)).toEqual([`c.conf:4: (1235) Invalid value for element 'level': ${value}.`]);
    });
  });

  describe('timeout and timeout_allowed', () => {
    it('sets the timeout to 0 with info 1305 when the command does not allow one', () => {
      const result = parseOssecConf(
        conf(
          '<command><name>restart-wazuh</name><executable>restart-wazuh</executable></command>',
          '<active-response>',
          '<command>restart-wazuh</command>',
          '<location>local</location>',
          '<rules_id>1</rules_id>',
          '<timeout>600</timeout>',
          '</active-response>',
        ),
        'c.conf',
      );
      expect(ok(result).responses[0]).toMatchObject({ name: 'restart-wazuh0', timeout: 0 });
      expect(warnings(result)).toEqual(["c.conf:7: (1305) Timeout not allowed for command: 'restart-wazuh'."]);
    });
  });

  describe('validation order and errors', () => {
    it.each<[string, string[], string]>([
      [
        'missing command (1281) at the block line',
        ['<active-response>', '<location>local</location>', '</active-response>'],
        'c.conf:2: (1281) Missing options in the active response configuration.',
      ],
      [
        'empty location (1281)',
        [FW, '<active-response>', '<command>firewall-drop</command>', '<location></location>', '</active-response>'],
        'c.conf:3: (1281) Missing options in the active response configuration.',
      ],
      [
        'an unknown option, ca_verification included (1230)',
        ['<active-response>', '<ca_verification>yes</ca_verification>', '</active-response>'],
        "c.conf:3: (1230) Invalid element in the configuration: 'ca_verification'.",
      ],
      [
        'disabled other than yes/no (1235)',
        ['<active-response>', '<disabled>No</disabled>', '</active-response>'],
        "c.conf:3: (1235) Invalid value for element 'disabled': No.",
      ],
      [
        'a command not defined (1303) at the <command> line',
        ['<active-response>', '<command>nope</command>', '<location>local</location>', '</active-response>'],
        "c.conf:3: (1303) Invalid command 'nope' in the active response.",
      ],
      [
        'a command defined only AFTER the response (1303)',
        ['<active-response>', '<command>firewall-drop</command>', '<location>local</location>', '</active-response>', FW],
        "c.conf:3: (1303) Invalid command 'firewall-drop' in the active response.",
      ],
      [
        'a bad option even in a disabled block (options are checked first)',
        ['<active-response>', '<disabled>yes</disabled>', '<level>99</level>', '</active-response>'],
        "c.conf:4: (1235) Invalid value for element 'level': 99.",
      ],
      [
        'location before command: 1302 wins over 1303',
        ['<active-response>', '<command>nope</command>', '<location>nowhere</location>', '</active-response>'],
        "c.conf:4: (1302) Invalid active response location: 'nowhere'.",
      ],
    ])('%s', (_what, lines, expected) => {
      expect(problems(parseOssecConf(conf(...lines), 'c.conf'))).toEqual([expected]);
    });

    it('accepts a block with only repeated_offenders (an agent-style block) and ignores it', () => {
      const result = parseOssecConf(conf('<active-response><repeated_offenders>30,60</repeated_offenders></active-response>'), 'c');
      expect(ok(result).responses).toEqual([]);
    });

    it('does not repeat a failed command as 1303 in the responses that name it', () => {
      const result = parseOssecConf(
        conf(
          '<command><name>x</name></command>',
          '<active-response><command>x</command><location>local</location></active-response>',
        ),
        'c.conf',
      );
      expect(problems(result)).toEqual(["c.conf:2: (1280) Missing command options. You must specify a 'name' and 'executable'."]);
    });

    it('reports every broken block, and a broken file yields no policy at all', () => {
      const result = parseOssecConf(
        conf(
          FW,
          '<active-response><command>firewall-drop</command><location>local</location><level>5</level></active-response>',
          '<active-response><command>firewall-drop</command><location>moon</location></active-response>',
          '<command><name>y</name><bogus/></command>',
        ),
        'c.conf',
      );
      expect(result.ok).toBe(false);
      expect('policy' in result).toBe(false);
      expect(problems(result)).toEqual([
        "c.conf:4: (1302) Invalid active response location: 'moon'.",
        "c.conf:5: (1230) Invalid element in the configuration: 'bogus'.",
      ]);
    });
  });

  describe('deviation (a): a disabled block is skipped and nothing else', () => {
    it('keeps every enabled block, even when the last block parsed is disabled', () => {
      const result = parseOssecConf(
        conf(
          FW,
          block('<command>firewall-drop</command><location>local</location><level>5</level>'),
          block('<disabled>yes</disabled><command>firewall-drop</command><location>local</location><level>3</level>'),
        ),
        'c',
      );
      const policy = ok(result);
      expect(policy.responses.map((r) => r.name)).toEqual(['firewall-drop0']);
      expect(policy.disabled).toEqual([{ command: 'firewall-drop', line: 4 }]);
    });

    it('skips a disabled block even when it lacks command and location', () => {
      expect(ok(parseOssecConf(conf(block('<disabled>yes</disabled>')), 'c')).disabled).toEqual([{ command: undefined, line: 2 }]);
    });
  });

  it('warns when rules_group is not a valid OS_Regex (Wazuh silently never matches it)', () => {
    const result = parseOssecConf(conf(FW, block('<command>firewall-drop</command><location>local</location><rules_group>(a|b)</rules_group>')), 'c.conf');
    expect(ok(result).responses).toHaveLength(1);
    expect(warnings(result)).toEqual([
      "c.conf:3: (rules_group) rules_group '(a|b)' is not a valid OS_Regex (bad-parenthesis); Wazuh never matches it.",
    ]);
  });
});

describe('§1.4 <global><white_list> (parsing)', () => {
  it('reads every value of every <global> in document order', () => {
    const policy = ok(
      parseOssecConf(
        conf(
          '<global><white_list>127.0.0.1</white_list><email_to>x@y</email_to></global>',
          '<global><white_list>^localhost.localdomain$</white_list><white_list>10.0.0.0/8</white_list></global>',
        ),
        'c',
      ),
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

describe('loadPolicy (for services at boot)', () => {
  it('throws an OssecConfigError (a ConfigError, not retriable) listing every problem', () => {
    try {
      loadPolicy(conf('<command><name>x</name></command>'), 'c.conf');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(OssecConfigError);
      const err = e as OssecConfigError;
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.retriable).toBe(false);
      expect(err.problems).toHaveLength(1);
      expect(err.message).toBe("c.conf:2: (1280) Missing command options. You must specify a 'name' and 'executable'.");
    }
  });

  it('returns the policy and the warnings', () => {
    const { policy, warnings: w } = loadPolicy(conf('<command><name>a</name><executable>a</executable><expect/></command>'), 'c');
    expect(policy.commands).toHaveLength(1);
    expect(w).toHaveLength(1);
  });
});
