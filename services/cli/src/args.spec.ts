import { describeOptions, type OptionSpecs, parseArgs, UsageError } from './args';

const SPECS: OptionSpecs = {
  config: { type: 'string', valueName: 'file', description: 'config' },
  json: { type: 'boolean', description: 'json' },
  verbose: { type: 'boolean', short: 'v', description: 'verbose' },
};

describe('the argv parser of the CLI', () => {
  it.each<[string[], { positionals: string[]; strings: Record<string, string>; flags: Record<string, boolean> }]>([
    [['check', 'a.conf'], { positionals: ['check', 'a.conf'], strings: {}, flags: {} }],
    [['--config', 'x.conf', '--json'], { positionals: [], strings: { config: 'x.conf' }, flags: { json: true } }],
    [['--config=x=y.conf'], { positionals: [], strings: { config: 'x=y.conf' }, flags: {} }],
    [['-v', '-h'], { positionals: [], strings: {}, flags: { verbose: true, help: true } }],
    [['--config', '-'], { positionals: [], strings: { config: '-' }, flags: {} }],
    [['-', '--', '--json'], { positionals: ['-', '--json'], strings: {}, flags: {} }],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv, SPECS)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [['--nope'], "unknown option '--nope'"],
    [['-x'], "unknown option '-x'"],
    [['--config'], "option '--config' needs a value"],
    [['--config', '--json'], "option '--config' needs a value"],
    [['--json=yes'], "option '--json' takes no value"],
    [['--config', 'a', '--config', 'b'], "option '--config' given twice"],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, SPECS)).toThrow(new UsageError(message));
  });

  it('describes the options, --help included', () => {
    expect(describeOptions(SPECS).split('\n')).toEqual([
      '      --config <file>  config',
      '      --json           json',
      '  -v, --verbose        verbose',
      '  -h, --help           show this help',
    ]);
  });
});
