import type { Kafka } from 'kafkajs';
import { ContractViolationError, DependencyUnavailableError, HEADER } from '@riposte/contracts';
import { requireKafka, uniqueName, waitFor, TopicRecorder } from '@riposte/testing';
import { BusAdmin } from './bus-admin';
import { BusProducer } from './bus-producer';
import { ConsumerHost, type IncomingMessage } from './consumer-host';
import { PublishFailedError } from './publish-errors';

const fast = { sessionTimeout: 6000, rebalanceTimeout: 5000, heartbeatInterval: 300, maxWaitTimeInMs: 50 };
const quickRetry = { maxRetries: 3, initialBackoffMs: 10, maxBackoffMs: 20 };

/** An object nested `levels` deep: JSON.parse takes its text, JSON.stringify of it throws RangeError. */
const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
const text = (m: IncomingMessage) => m.value!.toString();

/** Poison on the consumer path: nothing may stall a partition, and what can never be processed is dead-lettered. */
describe('libs/bus: poison never stalls a partition', () => {
  let kafka: Kafka;
  let admin: BusAdmin;
  let producer: BusProducer;
  const hosts: ConsumerHost[] = [];
  const recorders: TopicRecorder[] = [];

  beforeAll(async () => {
    kafka = await requireKafka();
    admin = new BusAdmin(kafka);
    producer = new BusProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all([...hosts.map((h) => h.stop()), ...recorders.map((r) => r.stop())]);
    await producer.disconnect();
  });

  const host = (o: ConstructorParameters<typeof ConsumerHost>[2]) => {
    const h = new ConsumerHost(kafka, producer, { ...fast, retry: quickRetry, ...o });
    hosts.push(h);
    return h;
  };
  /** An input topic with its dead-letter topic and an output topic, all recorded. */
  const world = async () => {
    const input = uniqueName('in');
    const output = uniqueName('out');
    await admin.ensureTopics([{ topic: input }, { topic: output }, { topic: `${input}.dlq` }]);
    const rec = await new TopicRecorder(kafka, [output, `${input}.dlq`]).start();
    recorders.push(rec);
    return { input, output, dlq: `${input}.dlq`, rec };
  };

  describe('when a handler returns a value JSON.stringify cannot encode (5,000 levels deep)', () => {
    it('dead-letters that input with the reason, and the messages after it are published', async () => {
      const { input, output, dlq, rec } = await world();
      await host({
        groupId: uniqueName('g'),
        topics: [input],
        handle: async (m) => [{ topic: output, key: m.key, value: text(m) === 'deep' ? { nested: nested(5000) } : { echo: text(m) } }],
      }).start();
      await producer.send(['a', 'deep', 'b', 'c'].map((v) => ({ topic: input, key: 'k', value: v })));
      await rec.waitForCount(3, output);
      const [dead] = await rec.waitForCount(1, dlq);
      expect(rec.json(output).map((v) => v.echo)).toEqual(['a', 'b', 'c']);
      expect(text(dead)).toBe('deep');
      expect(dead.headers[HEADER.reason]).toMatch(new RegExp(`^cannot encode a message for ${output}: RangeError: Maximum call stack size exceeded`));
    });

    it('in a batch handler, dead-letters only the message that produced it', async () => {
      const { input, output, dlq, rec } = await world();
      await host({
        groupId: uniqueName('g'),
        topics: [input],
        handleBatch: async (ms) => ({ produced: ms.map((m) => ({ topic: output, key: m.key, value: text(m) === 'deep' ? nested(5000) : { echo: text(m) } })) }),
      }).start();
      await producer.send(['a', 'deep', 'b'].map((v) => ({ topic: input, key: 'k', value: v })));
      await rec.waitForCount(2, output);
      const [dead] = await rec.waitForCount(1, dlq);
      expect(rec.json(output).map((v) => v.echo)).toEqual(['a', 'b']);
      expect(text(dead)).toBe('deep');
    });
  });

  describe('when a batch handler throws a non-retriable error for one message of its chunk', () => {
    it('handles the chunk again one by one, so only that message is dead-lettered', async () => {
      const { input, output, dlq, rec } = await world();
      await host({
        groupId: uniqueName('g'),
        topics: [input],
        handleBatch: async (ms) => {
          if (ms.some((m) => text(m) === 'bad')) throw new ContractViolationError('invalid request: bad');
          return { produced: ms.map((m) => ({ topic: output, value: { echo: text(m) } })) };
        },
      }).start();
      await producer.send(['a', 'bad', 'b'].map((v) => ({ topic: input, key: 'k', value: v })));
      await rec.waitForCount(2, output);
      const [dead] = await rec.waitForCount(1, dlq);
      expect(rec.json(output).map((v) => v.echo)).toEqual(['a', 'b']);
      expect([text(dead), dead.headers[HEADER.reason]]).toEqual(['bad', 'invalid request: bad']);
    });
  });

  describe('when a message fails with a retriable error every time', () => {
    it('retries it RIPOSTE_MAX_RETRIES times in place, then dead-letters it as retries exhausted, and goes on', async () => {
      const { input, dlq, rec } = await world();
      const attempts = new Map<string, number>();
      const handled: string[] = [];
      await host({
        groupId: uniqueName('g'),
        topics: [input],
        handle: async (m) => {
          attempts.set(text(m), (attempts.get(text(m)) ?? 0) + 1);
          if (text(m) === 'stuck') throw new DependencyUnavailableError('redis down');
          handled.push(text(m));
        },
      }).start();
      await producer.send(['a', 'stuck', 'b'].map((v) => ({ topic: input, key: 'k', value: v })));
      const [dead] = await rec.waitForCount(1, dlq);
      await waitFor(() => handled.length === 2);
      expect(handled).toEqual(['a', 'b']);
      expect(attempts.get('stuck')).toBe(quickRetry.maxRetries);
      expect(text(dead)).toBe('stuck');
      expect(dead.headers[HEADER.reason]).toBe('retries exhausted: 3 retriable failures, the last: redis down');
    });
  });

  describe('when an output goes to a topic that does not exist (deleted, or refused)', () => {
    it('the producer publishes the other topics and says which topic failed for good', async () => {
      const good = uniqueName('good');
      const missing = uniqueName('missing');
      await admin.ensureTopics([{ topic: good }]);
      const rec = await new TopicRecorder(kafka, [good]).start();
      recorders.push(rec);
      const gone: string[] = [];
      producer.onTopicGone((t) => gone.push(t));
      const error = await producer.send([{ topic: missing, value: 'x' }, { topic: good, value: 'y' }]).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(PublishFailedError);
      expect((error as PublishFailedError).retriable).toBe(false);
      expect((error as PublishFailedError).permanentTopics).toEqual([missing]);
      expect(gone).toEqual([missing]);
      expect((await rec.waitForCount(1, good)).map(text)).toEqual(['y']);
    }, 60000);

    it('a topic deleted after the producer sent to it fails alone: sends to every other topic still go out', async () => {
      const doomed = uniqueName('doomed');
      const other = uniqueName('other');
      await admin.ensureTopics([{ topic: doomed }, { topic: other }]);
      const rec = await new TopicRecorder(kafka, [other]).start();
      recorders.push(rec);
      await producer.send([{ topic: doomed, value: 'before' }]);
      await admin.deleteTopics([doomed]);
      await waitFor(async () => !(await admin.listTopics()).includes(doomed), { timeoutMs: 30000 });
      const error = await producer.send([{ topic: doomed, value: 'x' }, { topic: other, value: 'y' }]).then(() => undefined, (e: unknown) => e);
      expect((error as PublishFailedError).permanentTopics).toEqual([doomed]);
      // kafkajs alone would now fail every send (its metadata requests still name the deleted topic).
      await producer.send([{ topic: other, value: 'z' }]);
      expect((await rec.waitForCount(2, other)).map(text)).toEqual(['y', 'z']);
    }, 120000);

    it('dead-letters the input that produced it, and the partition goes on', async () => {
      const { input, output, dlq, rec } = await world();
      const missing = uniqueName('missing');
      await host({
        groupId: uniqueName('g'),
        topics: [input],
        handle: async (m) => [{ topic: text(m) === 'lost' ? missing : output, value: { echo: text(m) } }],
      }).start();
      await producer.send(['a', 'lost', 'b'].map((v) => ({ topic: input, key: 'k', value: v })));
      const [dead] = await rec.waitForCount(1, dlq, 60000);
      await rec.waitForCount(2, output, 30000);
      expect(rec.json(output).map((v) => v.echo)).toEqual(['a', 'b']);
      expect(text(dead)).toBe('lost');
      expect(dead.headers[HEADER.reason]).toBe(`cannot publish to ${missing}: UNKNOWN_TOPIC_OR_PARTITION (permanent)`);
    }, 90000);
  });
});
