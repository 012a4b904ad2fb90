import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { ContractViolationError, DependencyUnavailableError, HEADER, MessageRefusedError } from '@riposte/contracts';
import { requireKafka, uniqueName, waitFor, TopicRecorder, repoRoot, kafkaBrokers } from '@riposte/testing';
import { BusAdmin } from './bus-admin';
import { PublishFailedError } from './publish-errors';
import { BusProducer } from './bus-producer';
import { ConsumerHost, type CommitPosition, type IncomingMessage } from './consumer-host';

const fast = { sessionTimeout: 6000, rebalanceTimeout: 5000, heartbeatInterval: 300, maxWaitTimeInMs: 50 };
const quickRetry = { maxRetries: 3, initialBackoffMs: 10, maxBackoffMs: 20 };

/** An object nested `levels` deep: JSON.parse takes its text, JSON.stringify of it throws RangeError. */
const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
const text = (m: IncomingMessage) => m.value!.toString();

describe('libs/bus on the real broker', () => {
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
    const h = new ConsumerHost(kafka, producer, { ...fast, ...o });
    hosts.push(h);
    return h;
  };

  it('round trip: produce → consume → the handler output is published', async () => {
    const input = uniqueName('in');
    const output = uniqueName('out');
    await admin.ensureTopics([{ topic: input }, { topic: output }, { topic: `${input}.dlq` }]);
    const rec = await new TopicRecorder(kafka, [output]).start();
    recorders.push(rec);
    await host({ groupId: uniqueName('g'), topics: [input], handle: async (m) => [{ topic: output, key: m.key, value: { echo: JSON.parse(m.value!.toString()).n } }] }).start();
    await producer.send([1, 2, 3].map((n) => ({ topic: input, key: 'k', value: { n }, headers: { [HEADER.traceId]: 't' } })));
    await rec.waitForCount(3);
    expect(rec.json().map((v) => v.echo)).toEqual([1, 2, 3]);
  });

  it('a message that can never be processed goes to the dead-letter topic with its reason, and the rest go on', async () => {
    const input = uniqueName('in');
    await admin.ensureTopics([{ topic: input }, { topic: `${input}.dlq` }]);
    const rec = await new TopicRecorder(kafka, [`${input}.dlq`]).start();
    recorders.push(rec);
    const seen: string[] = [];
    await host({
      groupId: uniqueName('g'),
      topics: [input],
      handle: async (m) => {
        const text = m.value!.toString();
        if (text.startsWith('{')) seen.push(text);
        else throw new ContractViolationError('invalid alert: not JSON');
      },
    }).start();
    await producer.send([{ topic: input, value: '{"a":1}' }, { topic: input, value: 'garbage' }, { topic: input, value: '{"a":2}' }]);
    const [dead] = await rec.waitForCount(1);
    await waitFor(() => seen.length === 2);
    expect(dead.value!.toString()).toBe('garbage');
    expect(dead.headers[HEADER.reason]).toBe('invalid alert: not JSON');
    expect(dead.headers[HEADER.sourceTopic]).toBe(input);
  });

  it('a refusal publishes what it says with the dead letter, before the commit, and beforeCommit gets the position', async () => {
    const input = uniqueName('in');
    const audit = uniqueName('audit');
    await admin.ensureTopics([{ topic: input }, { topic: audit }, { topic: `${input}.dlq` }]);
    const rec = await new TopicRecorder(kafka, [`${input}.dlq`, audit]).start();
    recorders.push(rec);
    const positions: CommitPosition[] = [];
    await host({
      groupId: uniqueName('g'),
      topics: [input],
      beforeCommit: async (p) => void positions.push(p),
      handle: async (m) => {
        if (m.value!.toString() === 'forged') throw new MessageRefusedError('unsigned: no signature', [{ topic: audit, key: null, value: { refused: m.offset } }]);
      },
    }).start();
    await producer.send([{ topic: input, value: 'forged' }]);
    await rec.waitForCount(2);
    await waitFor(() => positions.length > 0);
    expect(rec.on(`${input}.dlq`).map((m) => [m.value!.toString(), m.headers[HEADER.reason]])).toEqual([['forged', 'unsigned: no signature']]);
    expect(rec.on(audit).map((m) => JSON.parse(m.value!.toString()))).toEqual([{ refused: '0' }]);
    expect(positions).toEqual([{ topic: input, partition: 0, offset: '0' }]);
  });

  it('a retriable failure is redelivered, not dead-lettered', async () => {
    const input = uniqueName('in');
    await admin.ensureTopics([{ topic: input }, { topic: `${input}.dlq` }]);
    let attempts = 0;
    const handled: string[] = [];
    await host({
      groupId: uniqueName('g'),
      topics: [input],
      handle: async (m) => {
        if (m.value!.toString() === 'flaky' && attempts++ < 2) throw new DependencyUnavailableError('redis down');
        handled.push(m.value!.toString());
      },
    }).start();
    await producer.send([{ topic: input, value: 'ok1' }, { topic: input, value: 'flaky' }, { topic: input, value: 'ok2' }]);
    await waitFor(() => handled.length >= 3, { timeoutMs: 20000 });
    expect(handled).toEqual(['ok1', 'flaky', 'ok2']);
    expect(attempts).toBe(3);
  });

  it('at-least-once: a member killed before committing has its batch redelivered to the next member', async () => {
    const input = uniqueName('in');
    const groupId = uniqueName('g');
    await admin.ensureTopics([{ topic: input }]);
    await producer.send([{ topic: input, key: 'a', value: 'first' }, { topic: input, key: 'a', value: 'second' }]);
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'bus-')), 'received');
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', path.join(repoRoot, 'tools/ts-register.js'), path.join(__dirname, 'testing/hang-after-receive.child.ts'), input, groupId, marker],
      { env: { ...process.env, KAFKA_BROKERS: kafkaBrokers(), LOG_LEVEL: 'silent' }, stdio: 'ignore' },
    );
    try {
      await waitFor(() => existsSync(marker), { timeoutMs: 40000, message: 'child member received the batch' });
      expect(readFileSync(marker, 'utf8')).toBe('0');
    } finally {
      child.kill('SIGKILL');
    }
    const got: IncomingMessage[] = [];
    await host({ groupId, topics: [input], handle: async (m) => void got.push(m) }).start();
    // The dead member's session (6 s) must expire before its partition moves: redelivered from offset 0.
    await waitFor(() => got.length >= 2, { timeoutMs: 40000 });
    expect(got.map((m) => m.value!.toString())).toEqual(['first', 'second']);
    expect(got[0].offset).toBe('0');
  }, 120000);

  it('two members of one group share the partitions, and the survivor takes over when one leaves', async () => {
    const input = uniqueName('in');
    const groupId = uniqueName('g');
    await admin.ensureTopics([{ topic: input, numPartitions: 4 }]);
    const byMember: Record<string, Set<number>> = { a: new Set(), b: new Set() };
    const values: Record<string, string[]> = { a: [], b: [] };
    const make = (name: 'a' | 'b') =>
      host({ groupId, topics: [input], handle: async (m) => { byMember[name].add(m.partition); values[name].push(m.value!.toString()); } });
    const a = make('a');
    const b = make('b');
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.joined, b.joined]);
    const send = (from: number, n: number) =>
      producer.send(Array.from({ length: n }, (_, i) => ({ topic: input, key: `key-${from + i}`, value: String(from + i) })));
    await waitFor(async () => {
      await send(Math.floor(Math.random() * 1e9), 40);
      return byMember.a.size > 0 && byMember.b.size > 0;
    }, { timeoutMs: 30000, intervalMs: 500, message: 'both members received messages' });
    expect([...byMember.a].some((p) => byMember.b.has(p))).toBe(false);

    await a.stop();
    await send(1_000_000, 40);
    const wanted = Array.from({ length: 40 }, (_, i) => String(1_000_000 + i));
    await waitFor(() => wanted.every((v) => values.b.includes(v)), { timeoutMs: 30000, message: 'survivor consumed all 40 on every partition' });
    expect(values.a.filter((v) => wanted.includes(v))).toEqual([]);
  }, 90000);

  /** Poison on the consumer path: nothing may stall a partition, and what can never be processed is dead-lettered. */
  describe('poison never stalls a partition', () => {
    const poisonHost = (o: ConstructorParameters<typeof ConsumerHost>[2]) => host({ retry: quickRetry, ...o });
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
        await poisonHost({
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
        await poisonHost({
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
        await poisonHost({
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
        await poisonHost({
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
        await poisonHost({
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
});

/** A connected producer (the caller disconnects it), a fresh input topic with its dead-letter topic and a fresh output topic, and `values` sent to the input. */
async function seededTopics(values: string[]) {
  const kafka = await requireKafka();
  const admin = new BusAdmin(kafka);
  const producer = new BusProducer(kafka);
  await producer.connect();
  const input = uniqueName('in');
  const output = uniqueName('out');
  await admin.ensureTopics([{ topic: input }, { topic: output }, { topic: `${input}.dlq` }]);
  await producer.send(values.map((v) => ({ topic: input, value: v })));
  return { kafka, producer, input, output };
}

describe('libs/bus batch handler on the real broker', () => {
  it('hands consecutive messages over at once, publishes the outcome and dead-letters the rejected ones', async () => {
    const { kafka, producer, input, output } = await seededTopics(['1', '2', 'x', '3']);
    const rec = await new TopicRecorder(kafka, [output, `${input}.dlq`]).start();
    const sizes: number[] = [];
    const h = new ConsumerHost(kafka, producer, {
      ...fast,
      groupId: uniqueName('g'),
      topics: [input],
      handleBatch: async (msgs) => {
        sizes.push(msgs.length);
        const good = msgs.filter((m) => /^\d+$/.test(m.value!.toString()));
        return {
          produced: [{ topic: output, value: { sum: good.reduce((n, m) => n + Number(m.value!.toString()), 0) } }],
          rejected: msgs.filter((m) => !good.includes(m)).map((message) => ({ message, reason: 'not a number' })),
        };
      },
    });
    try {
      await h.start();
      await rec.waitForCount(1, `${input}.dlq`);
      await rec.waitForCount(1, output);
      expect(sizes[0]).toBe(4);
      expect(rec.json(output)[0]).toEqual({ sum: 6 });
      expect(rec.on(`${input}.dlq`)[0].headers[HEADER.reason]).toBe('not a number');
    } finally {
      await h.stop();
      await rec.stop();
      await producer.disconnect();
    }
  });
});

describe('libs/bus flushIntervalMs on the real broker', () => {
  it('a slow handler does not hold back the outputs and offsets of the messages before it', async () => {
    const { kafka, producer, input, output } = await seededTopics(['1', '2', 'slow', '3']);
    const groupId = uniqueName('g');
    const rec = await new TopicRecorder(kafka, [output]).start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const events: string[] = [];
    const h = new ConsumerHost(kafka, producer, {
      ...fast,
      groupId,
      topics: [input],
      flushEvery: 1000,
      flushIntervalMs: 200,
      beforeCommit: async () => void events.push('beforeCommit'),
      handle: async (m) => {
        const v = m.value!.toString();
        if (v === 'slow') await gate;
        events.push(`handled ${v}`);
        return [{ topic: output, value: { v } }];
      },
    });
    const kadmin = kafka.admin();
    await kadmin.connect();
    const committed = async () => (await kadmin.fetchOffsets({ groupId, topics: [input] }))[0].partitions[0].offset;
    try {
      await h.start();
      // While 'slow' still runs: 1 and 2 are published, state hook awaited, and their offsets committed.
      await rec.waitForCount(2, output, 10000);
      await waitFor(async () => (await committed()) === '2', { timeoutMs: 10000, message: 'offset 2 committed during the slow handler' });
      expect(events).toEqual(['handled 1', 'handled 2', 'beforeCommit']);
      expect(rec.json(output)).toEqual([{ v: '1' }, { v: '2' }]);
      release();
      await rec.waitForCount(4, output, 10000);
      expect(rec.json(output).map((o) => o.v)).toEqual(['1', '2', 'slow', '3']);
      await waitFor(async () => (await committed()) === '4', { timeoutMs: 10000, message: 'all committed' });
      expect(events.filter((e) => e === 'beforeCommit').length).toBeGreaterThanOrEqual(2);
    } finally {
      release();
      await h.stop();
      await rec.stop();
      await kadmin.disconnect();
      await producer.disconnect();
    }
  }, 60000);
});
