/**
 * The delete command (spec §3.3, Wazuh's delete after the timeout), both sides of one message: the builder the
 * scheduler and the control API publish with, and the parser of its headers the executor reads it with.
 * Pure: `now` is passed in.
 */
import type { AuditType } from './audit-event.v1';
import { createEnvelope, type Headers } from './envelope';
import { ContractViolationError } from './errors';
import { EXEC_HEADER, TYPE_DELETE } from './exec-command.v1';
import { auditMessage, withEnvelope, type OutgoingMessage } from './outgoing-message';
import { dueAt as dueAtOf, latenessMs, type Schedule } from './timer-request.v1';
import type { Topics } from './topics';

/** The timer whose delete is due: its schedule and the trace id it arrived with (the store's `StoredTimer`). */
export interface TimerToUndo {
  readonly schedule: Schedule;
  readonly traceId: string;
  /** The due time the scheduler admitted (its own clock, see the store's `admitDueAt`); else from the schedule. */
  readonly dueAt?: number;
}

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
 * The exact messages that undo a block:
 * 1. to `topics.exec(agentId)`, keyed by agent id: the stored `deleteMessage` as it is, with a new envelope
 *    (the schedule's trace id, type `command.delete`, NO expiry: an undo is never dropped) plus the rkey, the
 *    generation (`addedAt`, so an executor skips the delete of an older generation) and, for command-line
 *    scripts (deviation f), the classic arguments;
 * 2. the audit event (`timer.fired` with its lateness, or `manual.unblocked`).
 *
 * Publish both in one producer send, and only then ack or cancel the timer.
 */
export function buildDeleteMessages(timer: TimerToUndo, now: number, topics: Topics, options: DeleteMessageOptions = {}): OutgoingMessage[] {
  const s = timer.schedule;
  const envelope = createEnvelope({ now, type: TYPE_DELETE, traceId: timer.traceId });
  const extra: Headers = { [EXEC_HEADER.rkey]: s.rkey, [EXEC_HEADER.generation]: String(s.addedAt) };
  if (s.legacyArgs) extra[EXEC_HEADER.legacyArgs] = JSON.stringify(s.legacyArgs);
  const dueAt = timer.dueAt ?? dueAtOf(s);
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

/** What a delete's headers say (EXEC_HEADER): the rkey, the generation of the timer that fired, classic arguments. */
export interface DeleteHeaders {
  readonly rkey: string;
  /** Absent for an operator's delete: that one runs whatever generation the executor holds. */
  readonly generation?: number;
  readonly legacyArgs?: readonly string[];
}

/** Reads the delete headers; a delete without an rkey, or with a bad generation or arguments, breaks the contract. */
export function readDeleteHeaders(h: Headers): DeleteHeaders {
  const rkey = h[EXEC_HEADER.rkey];
  if (!rkey) throw new ContractViolationError(`delete without header ${EXEC_HEADER.rkey}`);
  const rawGeneration = h[EXEC_HEADER.generation];
  let generation: number | undefined;
  if (rawGeneration !== undefined && rawGeneration !== '') {
    generation = Number(rawGeneration);
    if (!Number.isSafeInteger(generation) || generation < 0) throw new ContractViolationError(`header ${EXEC_HEADER.generation}: not epoch milliseconds`);
  }
  const rawArgs = h[EXEC_HEADER.legacyArgs];
  let legacyArgs: string[] | undefined;
  if (rawArgs) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawArgs);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new ContractViolationError(`header ${EXEC_HEADER.legacyArgs}: not a JSON array of strings`);
    legacyArgs = parsed;
  }
  return { rkey, ...(generation !== undefined && { generation }), ...(legacyArgs && { legacyArgs }) };
}
