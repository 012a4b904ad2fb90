/**
 * How one invocation ended:
 * - `stateless`: the script printed no check_keys line (EOF or deadline), so nothing goes on the timeout list;
 * - `continued` / `aborted`: keys exchanged and execd's decision sent;
 * - `completed`: a delete ran (stdin only, no key exchange);
 * - `killed`: still running after `timeoutMs` (its process group was killed; an in-process run is abandoned);
 * - `failed`: the script could not be started.
 */
import type { Clock } from '@riposte/contracts';
export type InvokeKind = 'stateless' | 'continued' | 'aborted' | 'completed' | 'killed' | 'failed';

/** The outcome the executor records. */
export interface InvokeResult {
  readonly kind: InvokeKind;
  /** `basename(program)` plus `-<key>` per key (spec §3.2 step 6); present once a line was read. */
  readonly rkey?: string;
  /** True when the rkey was cut at 4095 bytes (log Wazuh's `Active response key exceeds maximum size (4096). Truncating keys.`). */
  readonly rkeyTruncated?: boolean;
  readonly keys?: readonly string[];
  /** The raw line the script printed. */
  readonly keysLine?: string;
  /** Whether that line was a valid check_keys message. */
  readonly keysValid?: boolean;
  /** The script's exit code (-1 for a built-in that returned OS_INVALID; 255 for the same as a process). */
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  readonly durationMs: number;
  /** Why `failed` / `killed`, or execd's note for `stateless`. */
  readonly reason?: string;
  /** The end of the script's stderr (processes only, at most 8 KiB). */
  readonly stderr?: string;
}

/** What execd learned from the script's check_keys line, passed to the decision callback. */
export interface KeysReply {
  readonly rkey: string;
  readonly truncated: boolean;
  readonly keys: readonly string[];
  readonly valid: boolean;
  readonly line: string;
}

export type KeysDecision = 'continue' | 'abort';

export interface InvokeOptions {
  /** Decides continue (new rkey, or timeout 0) or abort (rkey already pending): the executor's timeout table. */
  onKeys(reply: KeysReply): Promise<KeysDecision> | KeysDecision;
  /**
   * Called once the decision is written to the script: from then on the script may act on it. Until then a crash
   * means the script never got it (it reads end of file), which is how the executor tells the two apart.
   */
  onReplied?(decision: KeysDecision): void;
  /** Whole run deadline. @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** Deadline for the check_keys line; after it the run counts as stateless. @defaultValue `timeoutMs` */
  readonly keysTimeoutMs?: number;
  /** @defaultValue `systemClock` */
  readonly clock?: Clock;
  /** The program name the rkey starts from (`basename(program)`). @defaultValue `argv[0]` (processes), `argv0` (built-ins) */
  readonly program?: string;
}

/** execd's message when no keys line arrives (spec §3.2 step 5). */
export function statelessNote(program: string): string {
  return `Active response won't be added to timeout list. Message not received with alert keys from script '${program}'`;
}
