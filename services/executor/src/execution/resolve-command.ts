import type { Resolution } from '@riposte/contracts';

/** Where execd finds every script: relative to the Wazuh home, as `parameters.program` carries it. */
export const AR_BIN_DIR = 'active-response/bin';

/** `active-response/bin/<executable>`, the program path execd launches and logs. */
export function programFor(executable: string): string {
  return `${AR_BIN_DIR}/${executable}`;
}

/**
 * `w_ref_parent_folder` of Wazuh: true when the path names a parent folder (`..`, `../x`, `x/..`, `x/../y`),
 * the directory-traversal test execd applies to every executable name.
 */
export function refersToParentFolder(path: string): boolean {
  return path.split('/').some((part) => part === '..');
}

/** One usable line of `etc/shared/ar.conf` (`<name> - <executable> - <timeout>`). */
export interface ArConfEntry {
  readonly name: string;
  readonly executable: string;
  readonly timeoutSeconds: number;
  /** Why the executable cannot be used (traversal, not present on this host); absent when it can. */
  readonly problem?: string;
}

/** The table and what execd would have logged while reading it. */
export interface ArConf {
  readonly entries: readonly ArConfEntry[];
  readonly errors: readonly string[];
}

function traversalMessage(executable: string): string {
  return `Active response command '${executable}' vulnerable to directory traversal attack. Ignoring.`;
}

function absentMessage(executable: string): string {
  return `Active response command not present: '${programFor(executable)}'. Not using it on this system.`;
}

/** C `atoi`: leading blanks, an optional sign, digits; anything else ends the number (0 when none). */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1], 10) : 0;
}

/**
 * `ReadExecConfig` (Wazuh src/os_execd/exec.c): a line starting with `!`, or without the two ` - ` separators, is
 * `(1313)`; an executable naming a parent folder is refused and one not present on this host is kept with an empty
 * executable; among duplicate names the first whose executable is present wins.
 */
export function parseArConf(text: string, source: string, isPresent: (executable: string) => boolean): ArConf {
  const entries: ArConfEntry[] = [];
  const errors: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    if (raw.startsWith('!')) {
      errors.push(`(1313): Invalid active response config: '${source}'.`);
      continue;
    }
    const first = raw.indexOf(' - ');
    const second = first < 0 ? -1 : raw.indexOf(' - ', first + 3);
    if (second < 0) {
      errors.push(`(1313): Invalid active response config: '${source}'.`);
      continue;
    }
    const name = raw.slice(0, first);
    const executable = raw.slice(first + 3, second);
    const problem = refersToParentFolder(executable)
      ? traversalMessage(executable)
      : isPresent(executable)
        ? undefined
        : absentMessage(executable);
    if (problem) errors.push(problem);
    const entry: ArConfEntry = { name, executable, timeoutSeconds: atoi(raw.slice(second + 3)), ...(problem && { problem }) };
    const earlier = entries.findIndex((e) => e.name === name);
    // Wazuh keeps the first line of a name, but lends it the executable of a later line when its own is unusable.
    if (earlier < 0) entries.push(entry);
    else if (entries[earlier].problem) entries[earlier] = { ...entries[earlier], executable, problem };
  }
  return { entries, errors };
}

/** What execd makes of a command name (spec §3.2 steps 2 and 3). */
export type CommandResolution =
  | {
      readonly kind: 'run';
      readonly arName: string;
      readonly executable: string;
      readonly program: string;
      readonly timeoutSeconds: number;
      /** Present: deviation (f), also pass the classic command-line arguments. */
      readonly expect?: readonly string[];
    }
  /** `restart-wazuh` exactly: `active-response/bin/restart.sh agent|manager`, nothing else. */
  | { readonly kind: 'restart'; readonly program: string; readonly args: readonly string[] }
  /** Refused with Wazuh's message (unknown name, traversal). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Known, but the executable is not on this host: execd returns silently. */
  | { readonly kind: 'absent'; readonly reason: string };

export interface ResolveInput {
  /** `command` of the message: an ar.conf name (`firewall-drop600`) or `!<script>`. */
  readonly name: string;
  /** How the manager resolved it (the `riposte-ar` header), when it did. */
  readonly resolution?: Resolution;
  /** The agent's `etc/shared/ar.conf` text, for messages without a resolution; undefined when there is none. */
  readonly arConf?: string;
  /** True when `active-response/bin/<executable>` exists on this host or a built-in of that name does. */
  readonly isPresent: (executable: string) => boolean;
  /** The manager's own executor says `manager` to restart.sh; agents say `agent`. */
  readonly isManager: boolean;
}

const traversal = (executable: string): CommandResolution => ({ kind: 'refused', reason: traversalMessage(executable) });

/**
 * `GetCommandbyName` plus the `restart-wazuh` shortcut: `!x` → `active-response/bin/x` with timeout 0 (traversal
 * refused); a header resolution is used as the manager sent it (its executable still checked); otherwise the
 * ar.conf table; an unknown name is `(1311)`.
 */
export function resolveCommand(input: ResolveInput): CommandResolution {
  const { name } = input;
  if (name === 'restart-wazuh') return { kind: 'restart', program: programFor('restart.sh'), args: [input.isManager ? 'manager' : 'agent'] };
  let found: { arName: string; executable: string; timeoutSeconds: number; expect?: readonly string[] };
  if (input.resolution) {
    const r = input.resolution;
    if (refersToParentFolder(r.executable)) return traversal(r.executable);
    found = { arName: r.arName, executable: r.executable, timeoutSeconds: r.timeoutSeconds, expect: r.expect };
  } else if (name.startsWith('!')) {
    const executable = name.slice(1);
    if (refersToParentFolder(executable)) return traversal(executable);
    found = { arName: name, executable, timeoutSeconds: 0 };
  } else {
    const entry = parseArConf(input.arConf ?? '', 'etc/shared/ar.conf', input.isPresent).entries.find((e) => e.name === name);
    if (!entry) return { kind: 'refused', reason: `(1311): Invalid command name '${name}' provided.` };
    if (entry.problem) return { kind: 'absent', reason: entry.problem };
    found = { arName: name, executable: entry.executable, timeoutSeconds: entry.timeoutSeconds };
  }
  if (!input.isPresent(found.executable)) return { kind: 'absent', reason: absentMessage(found.executable) };
  const run: CommandResolution = {
    kind: 'run',
    arName: found.arName,
    executable: found.executable,
    program: programFor(found.executable),
    timeoutSeconds: Math.max(0, found.timeoutSeconds),
  };
  return found.expect ? { ...run, expect: found.expect } : run;
}
