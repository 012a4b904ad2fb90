import { escalateTimeout } from '@riposte/policy';
import { liveCount, type ActiveKey, type KeyRecord, type OffenderCount } from '../state/executor-state';

/** What a stateful add would leave behind if it is new. */
export type NewEntry = Omit<ActiveKey, 'addedAt' | 'timeoutSeconds'>;

/** The rkey's record, the command's timeout, the agent's escalation settings, at `now`. */
export interface ReplyInput {
  /** What the table holds for the script's rkey (undefined: nothing). */
  readonly record: KeyRecord | undefined;
  /** The ar.conf timeout of the command, seconds (0: no undo). */
  readonly timeoutSeconds: number;
  /** The agent's `repeated_offenders`, minutes (empty: no escalation). */
  readonly repeatedOffenders: readonly number[];
  /**
   * How long a count outlives the end of the block it escalated, ms (`EXECUTOR_REPEAT_OFFENDER_WINDOW_MS`);
   * null: never forgotten, as in Wazuh for execd's lifetime.
   */
  readonly offenderWindowMs: number | null;
  readonly now: number;
  readonly entry: NewEntry;
}

/** The answer to a script's check_keys, the rkey's record after it, and the timer to (re)start. */
export interface ReplyDecision {
  readonly reply: 'continue' | 'abort';
  /** The record to keep; the very input record when nothing changed. */
  readonly record: KeyRecord | undefined;
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
 * A count lives until `offenderWindowMs` after the end of the block it escalated; an expired one counts as none.
 */
export function decideReply(input: ReplyInput): ReplyDecision {
  const { record, now } = input;
  if (input.timeoutSeconds === 0) return { reply: 'continue', record, escalated: false };
  const prior = liveCount(record?.offender, now);
  const { timeoutSeconds, nextCount } = escalateTimeout(prior ?? null, input.timeoutSeconds, input.repeatedOffenders);
  const escalated = prior !== undefined && (input.repeatedOffenders[0] ?? 0) !== 0;
  const existing = record?.active;
  if (existing?.unreplied) return rerun(existing, record!, input);
  const trigger = input.entry.trigger ?? existing?.trigger;
  const active: ActiveKey = existing
    ? { ...existing, addedAt: Math.max(now, existing.addedAt + 1), timeoutSeconds, ...(trigger && { trigger }) }
    : { ...input.entry, addedAt: now, timeoutSeconds };
  const offender: OffenderCount | undefined =
    nextCount === null ? undefined : { count: nextCount, ...(input.offenderWindowMs !== null && { until: active.addedAt + timeoutSeconds * 1000 + input.offenderWindowMs }) };
  return { reply: existing ? 'abort' : 'continue', record: { active, ...(offender && { offender }) }, active, escalated };
}

/**
 * The rkey's last `continue` never reached its script (the executor died before writing it): the same decision is
 * made again, with its count and timeout as they were (that add already advanced them), under a new generation.
 */
function rerun(pending: ActiveKey, record: KeyRecord, input: ReplyInput): ReplyDecision {
  const { unreplied: _, ...before } = pending;
  const active: ActiveKey = { ...before, ...input.entry, addedAt: Math.max(input.now, pending.addedAt + 1), timeoutSeconds: pending.timeoutSeconds };
  return { reply: 'continue', record: { ...record, active }, active, escalated: false };
}
