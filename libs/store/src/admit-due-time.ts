/**
 * One clock per decision (issue 11, Deliver 5): the due time of an undo is decided on the scheduler's clock, never
 * on the agent's. Pure: every time is an argument.
 *
 * The rule. Let `r` be the scheduler's receive time, `ref` the agent's own "now" when it sent the request (the
 * envelope's issued-at; `addedAt` when there is none), `skew` the allowance and `lag` the longest plausible time a
 * request waits in Kafka.
 * - `ref` in `[r - skew - lag, r + skew]`: the agent's clock agrees with ours; the due time is Wazuh's,
 *   `addedAt + timeout + 1 ms`, exactly as the agent computed it.
 * - otherwise the agent's clock is off (or the request waited longer than `lag`): its `addedAt` is clamped to the
 *   receive time, shifted by what its own clock says had already elapsed, so the time left is the agent's
 *   `addedAt + timeout - ref`, counted from `r`. Both times of that difference come from one clock (the agent's),
 *   so its error cancels out; at worst the undo is late by the time the request spent in transit, never early.
 * - an `addedAt` after `ref` (added after it was sent: impossible) counts as added at `ref`.
 */
import { TimerRequestV1 } from '@riposte/contracts';

export interface DueTimeInput {
  /** The schedule's `addedAt` (agent clock, epoch ms). */
  readonly addedAt: number;
  readonly timeoutSeconds: number;
  /** The envelope's issued-at (agent clock, epoch ms), when the request carries one. */
  readonly issuedAt?: number;
  /** When the scheduler read the request (its own clock, epoch ms). */
  readonly receivedAt: number;
}

export interface ClockAllowance {
  /** How far the agent's clock may be from ours, either way (`SCHEDULER_AGENT_CLOCK_SKEW_MS`). */
  readonly skewMs: number;
  /** How long a request may plausibly wait in Kafka before we read it (`SCHEDULER_AGENT_MAX_LAG_MS`). */
  readonly maxLagMs: number;
}

export type DueTimeBasis = 'agent-clock' | 'clamped-future' | 'clamped-past';

export interface AdmittedDueTime {
  /** Epoch ms on the scheduler's clock. */
  readonly dueAt: number;
  /** Which branch of the rule decided it (audited and counted). */
  readonly basis: DueTimeBasis;
}

/** The due time of a schedule on the scheduler's clock (see the rule above). */
export function admitDueAt(input: DueTimeInput, allowance: ClockAllowance): AdmittedDueTime {
  const r = input.receivedAt;
  const ref = input.issuedAt ?? input.addedAt;
  const agentDue = TimerRequestV1.dueAt({ addedAt: Math.min(input.addedAt, ref), timeoutSeconds: input.timeoutSeconds });
  const basis: DueTimeBasis = ref > r + allowance.skewMs ? 'clamped-future' : ref < r - allowance.skewMs - allowance.maxLagMs ? 'clamped-past' : 'agent-clock';
  if (basis === 'agent-clock') return { dueAt: agentDue, basis };
  // What the agent's clock says was left when it sent the request, counted from our receive time.
  return { dueAt: r + Math.max(0, agentDue - ref), basis };
}
