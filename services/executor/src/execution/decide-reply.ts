import type { ActiveKey, ExecutorState } from '../state/executor-state';
import { escalateTimeout } from '@riposte/policy';

/** What a stateful add would leave behind if it is new. */
export type NewEntry = Omit<ActiveKey, 'addedAt' | 'timeoutSeconds'>;

/** The timeout table, the script's rkey and the command's timeout, at `now`. */
export interface ReplyInput {
  readonly state: ExecutorState;
  readonly rkey: string;
  /** The ar.conf timeout of the command, seconds (0: no undo). */
  readonly timeoutSeconds: number;
  /** The agent's `repeated_offenders`, minutes (empty: no escalation). */
  readonly repeatedOffenders: readonly number[];
  readonly now: number;
  readonly entry: NewEntry;
}

/** The answer to a script's check_keys, the state after it, and the timer to (re)start. */
export interface ReplyDecision {
  readonly reply: 'continue' | 'abort';
  readonly state: ExecutorState;
  /** The entry as it now stands (absent for timeout 0: nothing to undo). */
  readonly active?: ActiveKey;
  /** True when §3.4 replaced the ar.conf timeout. */
  readonly escalated: boolean;
}

/**
 * execd's decision after check_keys (spec §3.2 step 7 and §3.4). Timeout 0: always `continue`, nothing kept.
 * Otherwise the repeated-offender count of the rkey advances (every timed add, abort included) and gives the
 * effective timeout; an rkey already active gets `abort` and its entry restarts at `now` with that timeout (its
 * stored delete stays the first add's, as in Wazuh); a new rkey gets `continue` and a new entry.
 * The restart never reuses a generation: `addedAt` strictly grows, so a delete of the previous one is stale.
 */
export function decideReply(input: ReplyInput): ReplyDecision {
  const { state, rkey, now } = input;
  if (input.timeoutSeconds === 0) return { reply: 'continue', state, escalated: false };
  const prior = state.offenders[rkey];
  const escalation = escalateTimeout(prior ?? null, input.timeoutSeconds, input.repeatedOffenders);
  const { timeoutSeconds, nextCount } = escalation;
  const offenders = nextCount === null || nextCount === prior ? state.offenders : { ...state.offenders, [rkey]: nextCount };
  const escalated = prior !== undefined && (input.repeatedOffenders[0] ?? 0) !== 0;
  const existing = state.active[rkey];
  const active: ActiveKey = existing
    ? { ...existing, addedAt: Math.max(now, existing.addedAt + 1), timeoutSeconds }
    : { ...input.entry, addedAt: now, timeoutSeconds };
  return {
    reply: existing ? 'abort' : 'continue',
    state: { active: { ...state.active, [rkey]: active }, offenders },
    active,
    escalated,
  };
}
