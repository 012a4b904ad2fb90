import type { ArMessage } from '@riposte/contracts';
import type { ArLog } from '../ports/ar-log';
import type { CommandResult, CommandRunner, RunOptions } from '../ports/command-runner';
import type { HttpPoster } from '../ports/http-poster';
import type { Platform } from '../ports/platform';
import type { ScriptIo } from '../ports/script-io';
import type { IpsetBatcher } from '../ipset/ipset-batcher';
import type { FoundBinary } from './find-binary';

/** What `read` found in the message: the script's input, or the line to log before exiting (no system call made). */
export type ReadResult<T> = { ok: true; input: T } | { ok: false; log: string; exitCode?: number };

/** How a script's add or delete ended: its exit code, and whether `Ended` is logged. */
export interface Outcome {
  readonly exitCode: number;
  readonly ended: boolean;
}

/** Logged `Ended`; exit code 0 unless given. */
export const ended = (exitCode = 0): Outcome => ({ exitCode, ended: true });
/** Stopped early without `Ended` (Wazuh's `return OS_INVALID` paths); exit code -1 unless given. */
export const stopped = (exitCode = -1): Outcome => ({ exitCode, ended: false });

/** Shared services an in-process run can use (the executor owns them). */
export interface ScriptServices {
  /** Coalesces ipset updates of concurrent ipset-drop runs into one `ipset restore`. */
  readonly ipset?: IpsetBatcher;
}

/** Everything a script run needs from the outside world (ports), the same for standalone and in-process runs. */
export interface ScriptEnv {
  readonly io: ScriptIo;
  readonly log: ArLog;
  /** As execd launched it: `active-response/bin/<executable>`. Used in every log line. */
  readonly argv0: string;
  readonly runner: CommandRunner;
  readonly platform: Platform;
  /** The Wazuh installation directory (lock directories, temp files, `bin/wazuh-control`). */
  readonly home: string;
  /** Prefix for system files (`/etc/hosts.deny`, `/ipblock`, `/etc/pf.conf`), so tests can use a temporary root. @defaultValue `/` */
  readonly root?: string;
  /** For binary look-up (PATH) and credentials. @defaultValue `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  readonly http?: HttpPoster;
  /** How binaries are found. @defaultValue `findBinary` over `env.PATH` and the system directories */
  readonly findBinary?: (name: string) => Promise<FoundBinary>;
  /** Binaries count as present even when missing (the dry-run runner runs nothing anyway). */
  readonly dryRun?: boolean;
  readonly services?: ScriptServices;
}

/** What add and delete receive. */
export interface ScriptContext<T> {
  readonly input: T;
  readonly message: ArMessage;
  readonly command: 'add' | 'delete';
  readonly argv0: string;
  readonly platform: Platform;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly dryRun: boolean;
  readonly services: ScriptServices;
  readonly http: HttpPoster;
  /** Writes one line to active-responses.log. */
  log(msg: string): void;
  /** Runs a command through the runner (argv array, never a shell). */
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<CommandResult>;
  /** Finds a binary (PATH first, then the system directories). */
  which(name: string): Promise<FoundBinary>;
  /** `p` (absolute, e.g. `/etc/hosts.deny`) under the configured root. */
  sysPath(p: string): string;
  /** `p` (relative, e.g. `active-response/bin/fw-drop`) under the Wazuh home. */
  homePath(p: string): string;
  /** Runs `fn` holding Wazuh's lock directory `lockDir` (relative to home); logs `Unable to take lock. End.` on failure. */
  locked(lockDir: string, fn: () => Promise<Outcome>): Promise<Outcome>;
}

/**
 * One response script: its name, how it reads its input, its check_keys keys (stateful scripts only), its add and
 * its delete. The protocol around them (spec §3.2) is {@link runScript}'s job.
 */
export interface ScriptDefinition<T = unknown> {
  /** The executable name, e.g. `firewall-drop`. */
  readonly name: string;
  /** Validates the message and extracts the input; refusing here means no system call at all. */
  read(message: ArMessage): ReadResult<T>;
  /** The check_keys keys on add; absent for stateless scripts. */
  keys?(input: T): readonly string[];
  add(ctx: ScriptContext<T>): Promise<Outcome>;
  delete(ctx: ScriptContext<T>): Promise<Outcome>;
}
