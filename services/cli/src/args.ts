/**
 * A small argv parser (no framework): `--name value`, `--name=value`, boolean `--flag`, short aliases (`-h`),
 * `--` to end options, and `-` kept as a positional (stdin).
 */

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** Shown in the help: `--config <file>`. */
  readonly valueName?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly strings: Readonly<Record<string, string | undefined>>;
  readonly flags: Readonly<Record<string, boolean>>;
}

/** Wrong command line: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--help`/`-h` is accepted by every command. */
export const HELP_OPTION: OptionSpecs = { help: { type: 'boolean', short: 'h', description: 'show this help' } };

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { ...HELP_OPTION, ...specs };
  const byShort = new Map(Object.entries(all).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  const positionals: string[] = [];
  const strings: Record<string, string | undefined> = {};
  const flags: Record<string, boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const [rawName, inline] = long ? splitOnce(arg.slice(2), '=') : [arg.slice(1), undefined];
    const name = long ? rawName : byShort.get(rawName);
    const spec = name === undefined ? undefined : all[name];
    if (name === undefined || spec === undefined) throw new UsageError(`unknown option '${arg}'`);
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`option '--${name}' needs a value`);
    }
    if (strings[name] !== undefined) throw new UsageError(`option '--${name}' given twice`);
    strings[name] = value;
  }
  return { positionals, strings, flags };
}

/** The options part of a help text, one line per option. */
export function describeOptions(specs: OptionSpecs): string {
  const rows = Object.entries({ ...specs, ...HELP_OPTION }).map(([name, s]) => {
    const short = s.short ? `-${s.short}, ` : '    ';
    const value = s.type === 'string' ? ` <${s.valueName ?? 'value'}>` : '';
    return [`  ${short}--${name}${value}`, s.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, text]) => `${left.padEnd(width)}${text}`).join('\n');
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}
