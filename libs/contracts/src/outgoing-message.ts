/**
 * A message ready to publish, and the two builders every producer uses: any message with our envelope, and an
 * audit event. Plain data, no Kafka: `@riposte/bus` publishes it; pure code (contracts, services' planners) builds it.
 */
import type { AuditEvent } from './audit-event.v1';
import { toHeaders, type Envelope, type Headers } from './envelope';
import type { Topics } from './topics';

/** A message to publish. Objects are JSON-encoded; strings and Buffers are sent as they are. */
export interface OutgoingMessage {
  topic: string;
  key?: string | null;
  value: unknown;
  headers?: Headers;
}

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
