import { expectFields, locationKind, splitExtraArgs } from './policy';

describe('§1.1 extra_args and expect', () => {
  it.each<[string | undefined, string[]]>([
    // Wazuh's own case (src/unit_tests/analysisd/test_exec.c)
    ['-arg1 --arg2 arg3 ; cat /etc/passwd', ['-arg1', '--arg2', 'arg3', ';', 'cat', '/etc/passwd']],
    ['  a   b ', ['a', 'b']],
    ['a\tb', ['a\tb']],
    ['', []],
    [undefined, []],
  ])('extra_args %j → %j (strtok on " ")', (value, args) => {
    expect(splitExtraArgs(value)).toEqual(args);
  });

  it.each<[string, string[]]>([
    ['srcip', ['srcip']],
    ['user,srcip', ['user', 'srcip']],
    ['SRCIP', ['srcip']],
    ['filename', ['filename']],
    ['', []],
    ['ip', []],
    ['username', ['user']],
  ])('expect %j names %j', (value, fields) => {
    expect(expectFields(value)).toEqual(fields);
  });
});

describe('§1.2 location kind shown for a block', () => {
  it.each<[Parameters<typeof locationKind>[0], string]>([
    [{ server: true, local: false, definedAgent: false, all: true }, 'server'],
    [{ server: false, local: true, definedAgent: false, all: true }, 'all'],
    [{ server: false, local: true, definedAgent: true, all: false }, 'defined-agent'],
    [{ server: false, local: true, definedAgent: false, all: false }, 'local'],
  ])('%j → %s', (flags, kind) => {
    expect(locationKind(flags)).toBe(kind);
  });
});
