import type { Consumer, Kafka } from 'kafkajs';
import { decodeHeaders, type IncomingMessage } from '@riposte/bus';
import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

/**
 * Records everything published to some topics (from the beginning), for assertions:
 * `await recorder.waitForCount(3)`, `recorder.json()`.
 */
export class TopicRecorder {
  readonly messages: IncomingMessage[] = [];
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka, private readonly topics: readonly string[]) {}

  async start(): Promise<this> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('recorder'), sessionTimeout: 6000, rebalanceTimeout: 5000, heartbeatInterval: 300, maxWaitTimeInMs: 50 });
    this.consumer = consumer;
    let joined!: () => void;
    const joinedP = new Promise<void>((r) => (joined = r));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message: m }) => {
        this.messages.push({ topic, partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value, headers: decodeHeaders(m.headers), timestamp: Number(m.timestamp) });
      },
    });
    await joinedP;
    return this;
  }

  json<T = Record<string, unknown>>(topic?: string): T[] {
    return this.messages.filter((m) => !topic || m.topic === topic).map((m) => JSON.parse(m.value?.toString() ?? 'null') as T);
  }

  on(topic: string): IncomingMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async waitForCount(n: number, topic?: string, timeoutMs = 20000): Promise<IncomingMessage[]> {
    return waitFor(() => {
      const got = this.messages.filter((m) => !topic || m.topic === topic);
      return got.length >= n ? got : undefined;
    }, { timeoutMs, message: `expected ${n} message(s)${topic ? ` on ${topic}` : ''}` });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
