import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface StubSpec {
  /** What the stub prints on stdout. */
  readonly stdout?: string;
  /** Its exit code. @defaultValue 0 */
  readonly code?: number;
}

/** One recorded invocation of a stub. */
export interface StubCall {
  readonly name: string;
  readonly args: string[];
  readonly stdin: string;
}

export interface StubBin {
  /** The directory to put first on PATH. */
  readonly dir: string;
  /** PATH with the stubs first. */
  readonly path: string;
  /** Every call so far, in order, across all stubs. */
  calls(): StubCall[];
  /** Calls as `name arg1 arg2` lines. */
  lines(): string[];
  /** Adds or replaces a stub (also in a subdirectory: `system32/net.exe`). */
  add(name: string, spec?: StubSpec): string;
  remove(): void;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes recording stub executables (fail2ban's approach): tiny `/bin/sh` scripts (fast to start) that append their
 * name, argv and stdin to one record file (fields NUL-separated, stdin after RS, record ended by GS), print their
 * canned stdout and exit with their canned code. The code under test still runs them with argv arrays.
 */
export function createStubBin(stubs: Record<string, StubSpec> = {}): StubBin {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-stubs-'));
  const record = path.join(dir, '.calls');
  fs.writeFileSync(record, '');
  const add = (name: string, spec: StubSpec = {}) => {
    const file = path.join(dir, name);
    const stdoutFile = path.join(dir, `.${encodeURIComponent(name)}.stdout`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(stdoutFile, spec.stdout ?? '');
    const body = [
      '#!/bin/sh',
      `{ printf '%s\\0' ${quote(name)} "$@"; printf '\\036'; cat; printf '\\035'; } >> ${quote(record)}`,
      `cat ${quote(stdoutFile)}`,
      `exit ${spec.code ?? 0}`,
      '',
    ].join('\n');
    fs.writeFileSync(file, body, { mode: 0o755 });
    return file;
  };
  for (const [name, spec] of Object.entries(stubs)) add(name, spec);
  const calls = (): StubCall[] =>
    fs
      .readFileSync(record, 'utf8')
      .split('\x1d')
      .filter(Boolean)
      .map((entry) => {
        const [argv, stdin] = entry.split('\x1e');
        const [name, ...args] = argv.split('\0').slice(0, -1);
        return { name, args, stdin };
      });
  return {
    dir,
    path: `${dir}${path.delimiter}${process.env.PATH ?? ''}`,
    calls,
    lines: () => calls().map((c) => [c.name, ...c.args].join(' ')),
    add,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
