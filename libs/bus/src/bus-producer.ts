import type { Kafka, Message, Producer } from 'kafkajs';
import type { OutgoingMessage } from '@riposte/contracts';
import { createLogger, errorFields, type Log } from './json-logger';
import { isPermanentKafkaError, kafkaErrorType, PublishFailedError, UnencodableOutputError, type TopicFailure } from './publish-errors';

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
  private producer: Producer;
  /** Sends under way on each kafkajs producer, so a replaced one is disconnected only once they are done. */
  private readonly inFlight = new Map<Producer, number>();
  private renewing?: Promise<void>;
  private connected = false;
  private readonly goneListeners = new Set<TopicGoneListener>();

  constructor(private readonly kafka: Kafka, private readonly log: Log = createLogger('BusProducer')) {
    this.producer = this.create();
  }

  private create(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
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
    let failures = await this.sendAll(byTopic);
    if ([...failures.values()].some((cause) => kafkaErrorType(cause) === 'UNKNOWN_TOPIC_OR_PARTITION')) failures = await this.afterUnknownTopic(byTopic, failures);
    if (failures.size === 0) return;
    const classified = new Map<string, TopicFailure>([...failures].map(([topic, cause]) => [topic, { retriable: !isPermanentKafkaError(cause), cause }]));
    const error = new PublishFailedError(classified);
    this.log.warn('publish failed', { topics: [...failures.keys()], permanent: error.permanentTopics, ...errorFields(error.cause) });
    for (const topic of error.permanentTopics) for (const l of this.goneListeners) l(topic);
    throw error;
  }

  /** Every topic at once; the failed ones with their error. */
  private async sendAll(byTopic: ReadonlyMap<string, readonly OutgoingMessage[]>): Promise<Map<string, unknown>> {
    const producer = this.producer;
    this.inFlight.set(producer, (this.inFlight.get(producer) ?? 0) + 1);
    try {
      const topics = [...byTopic.keys()];
      const results = await Promise.allSettled(topics.map((topic) => this.sendTopic(producer, topic, byTopic.get(topic)!)));
      return new Map(topics.flatMap((topic, i) => (results[i].status === 'rejected' ? [[topic, (results[i] as PromiseRejectedResult).reason] as const] : [])));
    } finally {
      this.inFlight.set(producer, this.inFlight.get(producer)! - 1);
    }
  }

  /**
   * kafkajs keeps every topic it ever sent to in its metadata requests, and one topic that no longer exists fails
   * them all: every later send, to any topic, fails with UNKNOWN_TOPIC_OR_PARTITION. So: a fresh kafkajs producer,
   * the failed topics that exist sent again on it, and only those that do not exist reported as gone.
   */
  private async afterUnknownTopic(byTopic: ReadonlyMap<string, readonly OutgoingMessage[]>, failures: Map<string, unknown>): Promise<Map<string, unknown>> {
    await this.renew();
    const existing = new Set(await this.listTopics());
    const retry = new Map([...failures.keys()].filter((t) => existing.has(t)).map((t) => [t, byTopic.get(t)!] as const));
    const still = retry.size > 0 ? await this.sendAll(retry) : new Map<string, unknown>();
    for (const topic of retry.keys()) if (!still.has(topic)) failures.delete(topic);
    for (const [topic, cause] of still) failures.set(topic, cause);
    return failures;
  }

  private async listTopics(): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }

  /** Replaces the kafkajs producer (once, however many sends ask at the same time); the old one leaves when idle. */
  private renew(): Promise<void> {
    this.renewing ??= (async () => {
      const old = this.producer;
      const fresh = this.create();
      await fresh.connect();
      this.producer = fresh;
      this.log.warn('producer renewed after a topic went missing', {});
      void this.retire(old);
    })().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async retire(old: Producer): Promise<void> {
    while ((this.inFlight.get(old) ?? 0) > 0) await new Promise((r) => setTimeout(r, 100));
    this.inFlight.delete(old);
    await old.disconnect().catch((e: unknown) => this.log.warn('old producer disconnect failed', errorFields(e)));
  }

  private async sendTopic(producer: Producer, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const chunk of chunkByBytes(messages)) {
      const list: Message[] = chunk.map((m) => ({ key: m.key ?? null, value: m.value as Buffer | string, headers: m.headers }));
      await producer.send({ topic, acks: -1, messages: list });
    }
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
