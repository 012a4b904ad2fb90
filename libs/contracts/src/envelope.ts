/**
 * Our envelope, carried in Kafka headers on every message so one alert can be followed through every topic.
 * The body stays the plain Wazuh JSON that scripts and Wazuh tools understand.
 */
import { randomUUID } from 'node:crypto';
import { ContractViolationError } from './errors';
import { DLQ_HEADER } from './topics';

export const HEADER = {
  messageId: 'riposte-message-id',
  issuedAt: 'riposte-issued-at',
  expiresAt: 'riposte-expires-at',
  traceId: 'riposte-trace-id',
  type: 'riposte-type',
  reason: DLQ_HEADER.reason,
  sourceTopic: DLQ_HEADER.sourceTopic,
  retryCount: 'riposte-retry-count',
} as const;

export interface Envelope {
  readonly messageId: string;
  /** Epoch milliseconds. */
  readonly issuedAt: number;
  /** Epoch milliseconds after which the message must not take effect; undefined = never expires. */
  readonly expiresAt?: number;
  /** Shared by every message caused by one alert or one operator action. */
  readonly traceId: string;
  readonly type: string;
}

export type Headers = Record<string, string>;

export function createEnvelope(input: { now: number; type: string; traceId?: string; ttlMs?: number }): Envelope {
  return {
    messageId: randomUUID(),
    issuedAt: input.now,
    expiresAt: input.ttlMs === undefined ? undefined : input.now + input.ttlMs,
    traceId: input.traceId ?? randomUUID(),
    type: input.type,
  };
}

export function toHeaders(e: Envelope): Headers {
  const h: Headers = {
    [HEADER.messageId]: e.messageId,
    [HEADER.issuedAt]: String(e.issuedAt),
    [HEADER.traceId]: e.traceId,
    [HEADER.type]: e.type,
  };
  if (e.expiresAt !== undefined) h[HEADER.expiresAt] = String(e.expiresAt);
  return h;
}

/** Reads the envelope back from headers; throws ContractViolationError naming the missing or bad header. */
export function fromHeaders(h: Headers): Envelope {
  const need = (name: string) => {
    const v = h[name];
    if (!v) throw new ContractViolationError(`missing header ${name}`);
    return v;
  };
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new ContractViolationError(`header ${name}: not epoch milliseconds`);
    return n;
  };
  const expires = h[HEADER.expiresAt];
  return {
    messageId: need(HEADER.messageId),
    issuedAt: num(HEADER.issuedAt, need(HEADER.issuedAt)),
    expiresAt: expires ? num(HEADER.expiresAt, expires) : undefined,
    traceId: need(HEADER.traceId),
    type: need(HEADER.type),
  };
}

/** True when the message may no longer take effect (pure: `now` is passed in). */
export function isExpired(e: Envelope, now: number): boolean {
  return e.expiresAt !== undefined && now > e.expiresAt;
}
