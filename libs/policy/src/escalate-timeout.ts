/**
 * `repeated_offenders` escalation, exactly as execd applies it per rkey (spec §3.4).
 *
 * With R = the agent's list in minutes (n values):
 * - escalation is off when R is empty or the AR's timeout is 0: the timeout is used as is and nothing is counted;
 * - first occurrence (no stored count): the AR's timeout, store 0;
 * - stored count c < n: R[c] minutes, store c + 1;
 * - stored count c ≥ n: R[n-1] minutes, store c (unchanged).
 *
 * Successive timeouts are therefore `timeout, R0, R1, …, R(n-1), R(n-1), …`, and a repeat may shorten a block when
 * R[c]·60 < timeout.
 */

export interface Escalation {
  /** The timeout to apply now, in seconds. */
  readonly timeoutSeconds: number;
  /** The count to store for the rkey; null when nothing is counted (escalation off and never counted). */
  readonly nextCount: number | null;
}

/**
 * @param count the stored count for this rkey, or null when the rkey was never seen.
 * @param baseTimeoutSeconds the AR's ar.conf timeout.
 * @param repeatedOffendersMinutes the agent's list as `parseAgentArConfig` returns it; a 0 ends it, as in execd.
 */
export function escalateTimeout(
  count: number | null,
  baseTimeoutSeconds: number,
  repeatedOffendersMinutes: readonly number[],
): Escalation {
  const zero = repeatedOffendersMinutes.indexOf(0);
  const list = zero < 0 ? repeatedOffendersMinutes : repeatedOffendersMinutes.slice(0, zero);
  const n = list.length;
  if (n === 0 || baseTimeoutSeconds === 0) return { timeoutSeconds: baseTimeoutSeconds, nextCount: count };
  if (count === null) return { timeoutSeconds: baseTimeoutSeconds, nextCount: 0 };
  if (count < n) return { timeoutSeconds: list[count] * 60, nextCount: count + 1 };
  return { timeoutSeconds: list[n - 1] * 60, nextCount: count };
}
