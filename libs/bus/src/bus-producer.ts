import type { Kafka, Message, Producer } from 'kafkajs';
import type { OutgoingMessage } from '@riposte/contracts';
import { createLogger, errorFields, type Log } from './json-logger';
import { isPermanentKafkaError, PublishFailedError, UnencodableOutputError, type TopicFailure } from './publish-errors';

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
 * The message with its value encoded (Buffer or string), so that nothing can fail later at send time. Called by the
 * consumer host inside the handler's error boundary: a value that cannot be encoded dead-letters its input there.
 */
export function encodeOutgoing(m: OutgoingMessage): OutgoingMessage {
  if (Buffer.isBuffer(m.value) || typeof m.value === 'string') return m;
  let value: string | undefined;
  try {
    value = JSON.stringify(m.value);
  } catch (cause) {
    throw new UnencodableOutputError(`cannot encode a message for ${m.topic}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`, { cause });
  }
  if (value === undefined) throw new UnencodableOutputError(`cannot encode a message for ${m.topic}: the value is not JSON`);
  return { ...m, value };
}

/** Listens to topics found gone for good (unknown topic, refused by ACL), e.g. to forget that they exist. */
export type TopicGoneListener = (topic: string) => void;

/**
 * The one idempotent producer of a process (acks=all, one request in flight so per-key order holds).
 * `send` publishes each topic's messages in their own requests, all topics at once: a topic that fails (deleted,
 * refused by an ACL) never holds back the others, and the error says which topics failed and whether for good.
 */
export class BusProducer {
  private readonly producer: Producer;
  private connected = false;
  private readonly goneListeners = new Set<TopicGoneListener>();

  constructor(kafka: Kafka, private readonly log: Log = createLogger('BusProducer')) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /** Called with each topic a send failed on permanently. */
  onTopicGone(listener: TopicGoneListener): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  /**
   * Publishes in order per topic; a topic's messages are split into several requests only when one would pass the
   * broker's batch size. Throws UnencodableOutputError (before sending anything) for a value that is not JSON, and
   * PublishFailedError naming the failed topics once every topic has been tried.
   */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push(encodeOutgoing(m));
      byTopic.set(m.topic, list);
    }
    const results = await Promise.allSettled([...byTopic].map(([topic, list]) => this.sendTopic(topic, list)));
    const failures = new Map<string, TopicFailure>();
    [...byTopic.keys()].forEach((topic, i) => {
      const r = results[i];
      if (r.status === 'rejected') failures.set(topic, { retriable: !isPermanentKafkaError(r.reason), cause: r.reason });
    });
    if (failures.size === 0) return;
    const error = new PublishFailedError(failures);
    this.log.warn('publish failed', { topics: [...failures.keys()], permanent: error.permanentTopics, ...errorFields(error.cause) });
    for (const topic of error.permanentTopics) for (const l of this.goneListeners) l(topic);
    throw error;
  }

  private async sendTopic(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkByBytes(messages)) {
      const list: Message[] = chunk.map((m) => ({ key: m.key ?? null, value: m.value as Buffer | string, headers: m.headers }));
      await this.producer.send({ topic, acks: -1, messages: list });
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
