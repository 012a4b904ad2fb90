import type { Kafka, Message, Producer } from 'kafkajs';
import { DependencyUnavailableError, type OutgoingMessage } from '@riposte/contracts';
import { createLogger, errorFields, type Log } from './json-logger';

/**
 * Largest sum of message sizes in one `sendBatch`. The broker refuses a record batch over `message.max.bytes`
 * (1 MiB by default) and kafkajs puts every message of one partition in one batch.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/** Rough wire size of a message: value, key, headers, plus the per-record overhead. */
export function messageBytes(m: OutgoingMessage): number {
  let n = 64 + Buffer.byteLength(encodeValue(m.value)) + (m.key ? Buffer.byteLength(m.key) : 0);
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + Buffer.byteLength(v) + 4;
  return n;
}

/** Splits messages, in order, into groups of at most `maxBytes` each (a larger message travels alone). */
export function chunkByBytes(messages: readonly OutgoingMessage[], maxBytes = MAX_SEND_BYTES): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const m of messages) {
    const n = messageBytes(m);
    if (current.length > 0 && size + n > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function encodeValue(value: unknown): Buffer | string {
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The one idempotent producer of a process (acks=all, one request in flight so per-key order holds).
 * `send` groups messages by topic into one `sendBatch` call.
 */
export class BusProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka, private readonly log: Log = createLogger('BusProducer')) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** Publishes in order; split into several requests only when one would pass the broker's batch size. */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkByBytes(messages)) await this.sendChunk(chunk);
  }

  private async sendChunk(messages: readonly OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key ?? null, value: encodeValue(m.value), headers: m.headers });
      byTopic.set(m.topic, list);
    }
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    } catch (cause) {
      this.log.warn('publish failed', { topics: [...byTopic.keys()], ...errorFields(cause) });
      throw new DependencyUnavailableError('Kafka publish failed', { cause });
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
