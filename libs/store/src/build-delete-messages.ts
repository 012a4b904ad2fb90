import { auditMessage, withEnvelope, type OutgoingMessage } from '@riposte/bus';
import { createEnvelope, ExecCommandV1, type AuditType, type Headers, type Topics } from '@riposte/contracts';
import { dueAtOf, latenessMs } from './schedule-decisions';
import type { StoredTimer } from './stored-timer';

/** How the undo is audited. */
export interface DeleteMessageOptions {
  /** The service named in the audit event. @defaultValue `'scheduler'` */
  readonly service?: string;
  /** `timer.fired` when the timeout passed; `manual.unblocked` for an operator's early unblock. @defaultValue `'timer.fired'` */
  readonly auditType?: Extract<AuditType, 'timer.fired' | 'manual.unblocked'>;
  /** The operator, for a manual unblock (else the schedule's trigger actor, if any). */
  readonly actor?: string;
}

/**
 * The exact messages that undo a block (spec §3.3, Wazuh's delete after the timeout):
 * 1. to `topics.exec(agentId)`, keyed by agent id: the stored `deleteMessage` as it is, with a new envelope
 *    (the schedule's trace id, type `command.delete`, NO expiry: an undo is never dropped) plus the rkey, the
 *    generation (`addedAt`, so an executor skips the delete of an older generation) and, for command-line
 *    scripts (deviation f), the classic arguments;
 * 2. the audit event (`timer.fired` with its lateness, or `manual.unblocked`).
 *
 * Publish both in one producer send, and only then ack or cancel the timer. No I/O: `now` is passed in.
 */
export function buildDeleteMessages(timer: StoredTimer, now: number, topics: Topics, options: DeleteMessageOptions = {}): OutgoingMessage[] {
  const s = timer.schedule;
  const envelope = createEnvelope({ now, type: ExecCommandV1.TYPE_DELETE, traceId: timer.traceId });
  const extra: Headers = { [ExecCommandV1.EXEC_HEADER.rkey]: s.rkey, [ExecCommandV1.EXEC_HEADER.generation]: String(s.addedAt) };
  if (s.legacyArgs) extra[ExecCommandV1.EXEC_HEADER.legacyArgs] = JSON.stringify(s.legacyArgs);
  const dueAt = dueAtOf(timer);
  const lateness = latenessMs(dueAt, now);
  const actor = options.actor ?? s.trigger.actor;
  const audit = auditMessage(
    topics,
    {
      type: options.auditType ?? 'timer.fired',
      at: now,
      service: options.service ?? 'scheduler',
      agentId: s.agentId,
      ...(s.trigger.alertId !== undefined && { alertId: s.trigger.alertId }),
      ...(s.trigger.ruleId !== undefined && { ruleId: s.trigger.ruleId }),
      arName: s.arName,
      rkey: s.rkey,
      ...(actor !== undefined && { actor }),
      detail: { generation: s.addedAt, timeoutSeconds: s.timeoutSeconds, dueAt, latenessMs: lateness, early: now < dueAt, deleteMessageId: envelope.messageId },
    },
    { traceId: timer.traceId, messageId: `${envelope.messageId}:audit` },
  );
  return [withEnvelope(topics.exec(s.agentId), s.agentId, s.deleteMessage, envelope, extra), audit];
}
