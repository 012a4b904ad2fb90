import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Kafka, Message, Producer } from 'kafkajs';
import { BusAdmin, chunkByBytes, createKafka, encodeValue, TOPICS } from '@riposte/bus';
import type { OutgoingMessage, Topics } from '@riposte/contracts';
import type { SendPort } from '@riposte/store';
import { SchedulerConfig } from '../env';

/** Why a send failed, as far as the parking metric and audit need it (kept local: the bus only says "retriable"). */
export type SendFailureKind = 'unknown-topic' | 'authorization' | 'other';

/** Classifies a producer failure by the Kafka error somewhere in its cause chain. */
export function sendFailureKind(error: unknown): SendFailureKind {
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    const { type, message } = e as { type?: unknown; message?: unknown };
    const text = `${typeof type === 'string' ? type : ''} ${typeof message === 'string' ? message : ''}`;
    if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition|not present in metadata/i.test(text)) return 'unknown-topic';
    if (/AUTHORIZATION_FAILED|not authorized/i.test(text)) return 'authorization';
    const next = e as { cause?: unknown; originalError?: unknown };
    e = next.cause ?? next.originalError;
  }
  return 'other';
}

/** The deepest message of a cause chain: what the broker said. */
export function rootMessage(error: unknown): string {
  let last = error instanceof Error ? error.message : String(error);
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    if (e instanceof Error) last = e.message;
    const next = e as { cause?: unknown; originalError?: unknown };
    e = next.cause ?? next.originalError;
  }
  return last;
}

/**
 * The scheduler's send port: its own producer, whose client retries only `SCHEDULER_SEND_RETRIES` times, so a topic
 * that refuses the deletes fails in well under a second and its agent is parked, instead of holding the firing loop
 * for the half minute of the service producer's retries. Not idempotent: after a failed send an idempotent producer
 * with few retries is left with broken sequence numbers (OUT_OF_ORDER_SEQUENCE_NUMBER on every later send), and a
 * duplicate delete is harmless (the executor drops a replayed message id, and a delete runs only for its
 * generation). After a failure the producer is replaced: kafkajs keeps every topic it ever sent to in its metadata
 * requests, so one deleted topic would fail every later send to any topic.
 *
 * Creates an agent's command topic the first time it sends there (with the command retention); a parked agent's
 * topic is looked up (and re-created when allowed) again on its retry.
 */
@Injectable()
export class FiringSender implements SendPort, OnModuleInit, OnApplicationShutdown {
  private readonly kafka: Kafka;
  private producer: Producer;
  private connecting?: Promise<void>;
  private readonly known = new Set<string>();

  constructor(
    private readonly admin: BusAdmin,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {
    const kafka = config.get('kafka');
    this.kafka = createKafka({ ...kafka, clientId: `${kafka.clientId ?? 'riposte-scheduler'}-firing`, retry: { initialRetryTime: 100, retries: config.get('sendRetries') } });
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: false, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    await this.producer.disconnect();
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.connecting;
    const missing = [...new Set(messages.map((m) => m.topic))].filter((t) => t.startsWith(this.topics.execPrefix) && !this.known.has(t));
    if (missing.length > 0) {
      await this.admin.ensureTopics(missing.map((topic) => ({ topic, numPartitions: 1 })));
      for (const t of missing) this.known.add(t);
    }
    try {
      for (const chunk of chunkByBytes(messages)) await this.producer.sendBatch({ acks: -1, topicMessages: byTopic(chunk) });
    } catch (error) {
      this.replaceProducer();
      throw error;
    }
  }

  /** Looks the topic up again before the next send to it (its agent was parked: the topic may have been deleted). */
  forget(topic: string): void {
    this.known.delete(topic);
  }

  private replaceProducer(): void {
    const old = this.producer;
    this.producer = this.newProducer();
    const fresh = this.producer;
    this.connecting = (async () => {
      await old.disconnect().catch(() => undefined);
      await fresh.connect();
    })().finally(() => (this.connecting = undefined));
  }
}

function byTopic(messages: readonly OutgoingMessage[]): { topic: string; messages: Message[] }[] {
  const out = new Map<string, Message[]>();
  for (const m of messages) {
    const list = out.get(m.topic) ?? [];
    list.push({ key: m.key ?? null, value: encodeValue(m.value), headers: m.headers });
    out.set(m.topic, list);
  }
  return [...out].map(([topic, list]) => ({ topic, messages: list }));
}
