/**
 * Flags of the control-plane commands, declared once: parsed with `node:util` parseArgs (strict, repeatable
 * options such as `--agent 001 --agent 002`) and described with the CLI's own `describeOptions` for `--help`.
 */
import { parseArgs } from 'node:util';
import { describeOptions } from '../args';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** May be given several times (values collected in order). */
  readonly multiple?: boolean;
  /** Shown in the help: `--agent <id>`. */
  readonly valueName?: string;
  readonly description: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** What a flag holds after parsing: strings and booleans, arrays for `multiple` flags. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parsed flags, or the usage problem (unknown flags are errors; `-h`/`--help` is always accepted). */
export type Flags = { ok: true; values: FlagValues; positionals: string[] } | { ok: false; message: string };

export function parseFlags(argv: readonly string[], specs: FlagSpecs): Flags {
  const withHelp: FlagSpecs = { ...specs, help: { type: 'boolean', short: 'h', description: 'show this help' } };
  const options = Object.fromEntries(
    Object.entries(withHelp).map(([name, s]) => [
      name,
      { type: s.type, ...(s.short && { short: s.short }), ...(s.multiple && { multiple: true }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { ok: true, values: values as FlagValues, positionals };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** The options part of a help text. */
export function describeFlags(specs: FlagSpecs): string {
  return describeOptions(Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type, short: s.short, valueName: s.valueName, description: s.description }])));
}

/** A string flag's value (the last one when given twice). */
export function str(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable string flag, in order. */
export function list(values: FlagValues, name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function bool(values: FlagValues, name: string): boolean {
  return values[name] === true;
}
