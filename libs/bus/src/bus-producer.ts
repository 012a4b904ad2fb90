import type { Kafka, Message, Producer } from 'kafkajs';
import { DependencyUnavailableError, type Headers } from '@riposte/contracts';
import { createLogger, errorFields, type Log } from './json-logger';

/** A message to publish. Objects are JSON-encoded; strings and Buffers are sent as they are. */
export interface OutgoingMessage {
  topic: string;
  key?: string | null;
  value: unknown;
  headers?: Headers;
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

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
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
