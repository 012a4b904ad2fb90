import { parseOssecConf } from './parse-ossec-conf';
import { conf, FW, ok, parsedPolicy, problems, warnings } from './testing/ossec-conf';

describe('§1.2 <active-response> on the manager', () => {
  const block = (...options: string[]) => `<active-response>${options.join('')}</active-response>`;

  it('names the response <command><timeout> and keeps every option', () => {
    const policy = parsedPolicy(
      'c',
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
    const policy = parsedPolicy(
      'c',
      FW,
      block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>-5</timeout>'),
      block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>600s</timeout>'),
      block('<command>firewall-drop</command><location>local</location><level>3</level><timeout>abc</timeout>'),
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
