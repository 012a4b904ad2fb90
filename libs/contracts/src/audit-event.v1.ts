/**
 * One step of one response, for operators and audit (`riposte tail audit`).
 *
 * Produced by every service to `topics.audit`, keyed by agent id (or alert id before targeting).
 * The trace id of the envelope links the steps of one alert.
 */
import { z } from 'zod';
import { parseWith } from './validate';

export const AUDIT_TYPES = [
  'alert.dispatched',
  'alert.suppressed',
  'alert.unmatched',
  /** An alert's response targets an agent with no enrolled key: no command, no topic (issue 10). */
  'alert.unknown-agent',
  'command.skipped',
  /** The executor refused a command before anything else: not signed by a trusted issuer, or not for it (issue 10). */
  'command.rejected',
  'script.started',
  'script.keys',
  'script.continue',
  'script.abort',
  'script.ended',
  'script.failed',
  'timer.scheduled',
  'timer.fired',
  'timer.cancelled',
  /** The scheduler could not publish an agent's deletes (its topic refused them): kept, retried later with backoff. */
  'timer.parked',
  /** The scheduler dropped a timer request not signed by the key enrolled for its agent (issue 10). */
  'timer.rejected',
  /** The registry dropped a heartbeat not signed by the key enrolled for its agent (issue 10). */
  'heartbeat.rejected',
  'manual.triggered',
  'manual.unblocked',
  /** An admin enrolled (or replaced) an agent's public key through the control API (issue 10). */
  'agent.enrolled',
  /** An admin removed an agent's key: from then on it gets no command and what it says is dropped. */
  'agent.revoked',
  'policy.reloaded',
  'policy.rejected',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const AuditEventSchema = z.object({
  type: z.enum(AUDIT_TYPES),
  /** Epoch ms. */
  at: z.number().int().nonnegative(),
  service: z.string(),
  agentId: z.string().optional(),
  alertId: z.string().optional(),
  ruleId: z.string().optional(),
  arName: z.string().optional(),
  rkey: z.string().optional(),
  actor: z.string().optional(),
  reason: z.string().optional(),
  detail: z.record(z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export function parse(raw: unknown): AuditEvent {
  return parseWith(AuditEventSchema, 'audit event', raw);
}
