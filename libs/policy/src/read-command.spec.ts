import { parseOssecConf } from './parse-ossec-conf';
import { conf, ok, parsedPolicy, problems, warnings } from './testing/ossec-conf';

describe('§1.1 <command>', () => {
  it('reads name, executable, timeout_allowed, extra_args and expect', () => {
    const policy = parsedPolicy(
      'c.conf',
      '<command>',
      '  <name>custom</name>',
      '  <executable>custom.sh</executable>',
      '  <timeout_allowed>yes</timeout_allowed>',
      '  <extra_args>-arg1 --arg2 arg3 ; cat /etc/passwd</extra_args>',
      '  <expect>srcip</expect>',
      '</command>',
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
    const policy = parsedPolicy(
      'c',
      '<command><name>a</name><executable>first</executable></command>',
      '<command><name>a</name><executable>second</executable></command>',
      '<active-response><command>a</command><location>local</location><level>3</level></active-response>',
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
