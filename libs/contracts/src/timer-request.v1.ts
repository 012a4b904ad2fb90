/**
 * Timer requests: "run this delete on this agent when the timeout passes" (spec §3.3). There is no cancel on this
 * topic (issue 10): agents may only schedule their own deletes, and an early unblock goes through the control API.
 *
 * Produced by the executor after a stateful add (continue or abort path, with the effective, possibly
 * escalated, timeout) to `topics.timers`, keyed by agent id. Consumed by the scheduler, which keeps the timer
 * in Redis and produces the delete to `topics.exec(agentId)` when it is due. A later `schedule` for the same
 * agent and rkey replaces the earlier one (Wazuh's abort path restarts the timeout). Each request is signed by the
 * agent's own key (`signAgentOutgoing`, envelope type `timer.schedule`); the scheduler drops any other.
 */
import { z } from 'zod';
import { AgentIdSchema } from './agent-id';
import { ArMessageSchema } from './ar-message.v1';
import { parseWith } from './validate';

export const TriggerSchema = z.object({
  alertId: z.string().optional(),
  ruleId: z.string().optional(),
  /** The operator who triggered it manually, when not an alert. */
  actor: z.string().optional(),
});
export type Trigger = z.infer<typeof TriggerSchema>;

export const ScheduleSchema = z.object({
  type: z.literal('schedule'),
  agentId: AgentIdSchema,
  rkey: z.string().min(1),
  /** e.g. `firewall-drop600` */
  arName: z.string(),
  /** The message the executor will receive on its topic when due: the stored add with `command:"delete"`. */
  deleteMessage: ArMessageSchema,
  /** Classic OSSEC arguments for a command-line script (deviation f), `add` replaced by `delete`. */
  legacyArgs: z.array(z.string()).optional(),
  keys: z.array(z.string()),
  /** Epoch ms of the (re)addition. */
  addedAt: z.number().int().nonnegative(),
  timeoutSeconds: z.number().int().positive(),
  trigger: TriggerSchema,
  reconcile: z.boolean().optional(),
});

/** One kind only since issue 10 (`cancel` went away: nothing produced it, and it let any agent cancel any timer). */
export const TimerRequestSchema = z.discriminatedUnion('type', [ScheduleSchema]);
export type Schedule = z.infer<typeof ScheduleSchema>;
export type TimerRequest = z.infer<typeof TimerRequestSchema>;

export function parse(raw: unknown): TimerRequest {
  return parseWith(TimerRequestSchema, 'timer request', raw);
}

/** Due time in epoch ms. Wazuh fires when `now - added > timeout` (strict), checked once a second. */
export function dueAt(s: Pick<Schedule, 'addedAt' | 'timeoutSeconds'>): number {
  return s.addedAt + s.timeoutSeconds * 1000 + 1;
}

/** How late a firing at `now` is, in ms (never negative: an early manual fire is not late). */
export function latenessMs(dueAtMs: number, now: number): number {
  return Math.max(0, now - dueAtMs);
}
