import { toHeaders, type AuditEvent, type Envelope, type Headers, type Topics } from '@riposte/contracts';
import type { OutgoingMessage } from './bus-producer';

/** A message with our envelope in its headers (plus any extra headers). */
export function withEnvelope(topic: string, key: string | null, value: unknown, envelope: Envelope, extra: Headers = {}): OutgoingMessage {
  return { topic, key, value, headers: { ...toHeaders(envelope), ...extra } };
}

/** An audit event on the audit topic, keyed by agent id (or alert id), sharing the trace id of its cause. */
export function auditMessage(topics: Topics, event: AuditEvent, envelope: Pick<Envelope, 'traceId'> & Partial<Envelope>): OutgoingMessage {
  const headers = toHeaders({
    messageId: envelope.messageId ?? `${envelope.traceId}:${event.type}:${event.at}:${event.agentId ?? ''}:${event.arName ?? ''}`,
    issuedAt: event.at,
    traceId: envelope.traceId,
    type: `audit.${event.type}`,
  });
  return { topic: topics.audit, key: event.agentId ?? event.alertId ?? null, value: event, headers };
}
