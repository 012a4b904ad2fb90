import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BusAdmin, BusProducer, createKafka, TOPICS } from '@riposte/bus';
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
 * The scheduler's send port: its own producer whose client retries only `SCHEDULER_SEND_RETRIES` times, so a topic
 * that refuses the deletes fails in about a second and its agent is parked, instead of holding the firing loop for
 * the half minute of the service producer's retries. Creates an agent's command topic the first time it sends
 * there (with the command retention), and forgets it after a failure so a deleted topic is looked up again.
 */
@Injectable()
export class FiringSender implements SendPort, OnModuleInit, OnApplicationShutdown {
  private readonly producer: BusProducer;
  private readonly known = new Set<string>();

  constructor(
    private readonly admin: BusAdmin,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {
    const kafka = config.get('kafka');
    this.producer = new BusProducer(createKafka({ ...kafka, clientId: `${kafka.clientId ?? 'riposte-scheduler'}-firing`, retry: { initialRetryTime: 100, retries: config.get('sendRetries') } }));
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const targets = [...new Set(messages.map((m) => m.topic))];
    try {
      const missing = targets.filter((t) => t.startsWith(this.topics.execPrefix) && !this.known.has(t));
      if (missing.length > 0) {
        await this.admin.ensureTopics(missing.map((topic) => ({ topic, numPartitions: 1 })));
        for (const t of missing) this.known.add(t);
      }
      await this.producer.send(messages);
    } catch (error) {
      for (const t of targets) this.known.delete(t);
      throw error;
    }
  }
}
