import { cliCommand, parseCommandLine, single } from './command-line';

/** The same options the hand-written parser's spec used, declared with commander. */
const line = (argv: string[]) =>
  parseCommandLine<Record<string, unknown>>(
    cliCommand('x', { usage: '[options]', description: 'd' })
      .option('--config <file>', 'config', single)
      .option('--json', 'json')
      .option('-v, --verbose', 'verbose'),
    argv,
  );

describe('the argv parsing of the CLI (commander)', () => {
  it.each<[string[], { args: string[]; opts: Record<string, unknown> }]>([
    [['check', 'a.conf'], { args: ['check', 'a.conf'], opts: {} }],
    [['--config', 'x.conf', '--json'], { args: [], opts: { config: 'x.conf', json: true } }],
    [['--config=x=y.conf'], { args: [], opts: { config: 'x=y.conf' } }],
    [['-v'], { args: [], opts: { verbose: true } }],
    [['--config', '-'], { args: [], opts: { config: '-' } }],
    [['-', '--', '--json'], { args: ['-', '--json'], opts: {} }],
  ])('%j', (argv, expected) => {
    expect(line(argv)).toEqual({ kind: 'ok', ...expected });
  });

  it.each<[string[], RegExp]>([
    [['--nope'], /^unknown option '--nope'/],
    [['-x'], /^unknown option '-x'/],
    [['--config'], /^option '--config <file>' argument missing$/],
    [['--config', '--json'], /^option '--config <file>' argument '--json' is invalid\. needs a value/],
    [['--json=yes'], /^unknown option '--json=yes'/],
    [['--config', 'a', '--config', 'b'], /^option '--config <file>' argument 'b' is invalid\. given twice$/],
  ])('%j is a usage error: %s', (argv, message) => {
    const r = line(argv);
    expect(r.kind).toBe('usage');
    expect(r.kind === 'usage' && r.message).toMatch(message);
  });

  it('describes the options, --help included, after the usage and the description', () => {
    const r = line(['-h']);
    expect(r.kind).toBe('help');
    expect(r.kind === 'help' && r.text.split('\n')).toEqual([
      'Usage: riposte x [options]',
      '',
      'd',
      '',
      'Options:',
      '  --config <file>  config',
      '  --json           json',
      '  -v, --verbose    verbose',
      '  -h, --help       show this help',
      '',
    ]);
  });
});
