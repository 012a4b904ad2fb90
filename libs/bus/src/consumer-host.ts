import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { DLQ_HEADER, HEADER, isRetriable, MessageRefusedError, type Headers, type OutgoingMessage } from '@riposte/contracts';
import { BatchFlusher } from './batch-flusher';
import { encodeOutgoing, type BusProducer } from './bus-producer';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
import { createLogger, errorFields, type Log } from './json-logger';
import { counter, gauge } from './metrics';

// Dashboards and alert rules (deploy/grafana, deploy/prometheus) read these two.
const deadLetters = counter('riposte_bus_dead_letters_total', 'Messages sent to a dead-letter topic, by source topic', ['topic']);
const consumerLag = gauge('riposte_bus_consumer_lag', 'Messages behind the high watermark, by topic, partition and consumer group (set at each fetched batch and after it)', ['topic', 'partition', 'group']);

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Headers;
  /** Broker timestamp, epoch ms. */
  timestamp: number;
}

/** Handles one message; returns what to publish because of it. Published before the offset is committed. */
export type MessageHandler = (message: IncomingMessage) => Promise<readonly OutgoingMessage[] | void>;

/** What a batch handler did: what to publish, and which messages can never be processed (→ dead-letter topic). */
export interface BatchOutcome {
  produced: readonly OutgoingMessage[];
  rejected?: readonly { message: IncomingMessage; reason: string }[];
}

/**
 * Handles consecutive messages of one partition at once, for consumers that gain from one round trip per batch
 * (one Redis pipeline, one registry read). A retriable error retries the whole chunk; any other error, or an output
 * that cannot be encoded, has the chunk handled again one message at a time, so only its culprit is dead-lettered.
 */
export type BatchHandler = (messages: readonly IncomingMessage[]) => Promise<BatchOutcome>;

export interface ConsumerHostOptions {
  groupId: string;
  topics: readonly string[];
  /** Per message, in order. Give this or `handleBatch`. */
  handle?: MessageHandler;
  /** Per chunk of up to `flushEvery` messages, in order. */
  handleBatch?: BatchHandler;
  /** Where a message that can never be processed goes; default `<topic>.dlq`. */
  dlqTopic?: (topic: string) => string;
  fromBeginning?: boolean;
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  maxWaitTimeInMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Publish and commit early when a batch has produced this many messages. */
  flushEvery?: number;
  /**
   * Publish and commit early once this many milliseconds have passed since the last flush (per-message handlers):
   * checked after every message, and also while a slow handler runs — what the messages before it produced is
   * then published and committed without waiting for it. Lets a handler whose messages are cheap share one
   * produce and one commit per batch while a slow one still holds earlier outputs back for at most this long.
   */
  flushIntervalMs?: number;
  /**
   * Awaited before every offset commit, after the outputs are published (e.g. an fsync of local state that the
   * handlers wrote without one: group commit), with the position of the last message about to be committed.
   * Throwing counts as a failure of the batch (a retriable error → redelivery from the last committed offset).
   */
  beforeCommit?: (position: CommitPosition) => Promise<void>;
  /**
   * How often a message whose handler fails with a retriable error is tried again, in place (the partition waits,
   * order holds), before it goes to the dead-letter topic as `retries exhausted`. @defaultValue DEFAULT_RETRY_POLICY
   */
  retry?: RetryPolicy;
  log?: Log;
}

/** The last message of a partition whose offset is about to be committed: it and every earlier one are done. */
export interface CommitPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export function decodeHeaders(h: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
  }
  return out;
}

function toIncoming(topic: string, partition: number, m: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString() : null,
    value: m.value,
    headers: decodeHeaders(m.headers),
    timestamp: Number(m.timestamp),
  };
}

interface Step {
  readonly flusher: BatchFlusher;
  readonly heartbeat: () => Promise<void>;
  readonly stopped: () => boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How long a graceful stop waits for the batches in hand to publish and commit. */
const STOP_WAIT_MS = 30_000;

/** The dead letter for a message that can never be processed: raw bytes, with the reason and origin in headers. */
export function deadLetter(msg: IncomingMessage, reason: string, dlqTopic: string): OutgoingMessage {
  deadLetters.inc({ topic: msg.topic });
  return {
    topic: dlqTopic,
    key: msg.key,
    value: msg.value ?? Buffer.alloc(0),
    headers: {
      ...msg.headers,
      [HEADER.reason]: reason.slice(0, 2000),
      [HEADER.sourceTopic]: msg.topic,
      [DLQ_HEADER.sourcePartition]: String(msg.partition),
      [DLQ_HEADER.sourceOffset]: msg.offset,
    },
  };
}

/**
 * One consumer of one group: `eachBatch`, handler per message in order, its output encoded at once and published,
 * THEN the offset committed (at-least-once). A non-retriable failure (an output that cannot be encoded included)
 * sends the message to the dead-letter topic and goes on (with what a MessageRefusedError says to publish); a
 * retriable one is retried in place with backoff, up to `retry.maxRetries` failures, then dead-lettered as
 * `retries exhausted`. An output whose topic fails for good dead-letters its input (BatchFlusher).
 */
export class ConsumerHost {
  private consumer?: Consumer;
  private readonly log: Log;
  /** Batches being handled: a graceful stop lets them publish and commit before the member leaves. */
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private joinedResolve!: () => void;
  /** Resolves once the member has joined its group the first time. */
  readonly joined = new Promise<void>((r) => (this.joinedResolve = r));

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: BusProducer,
    private readonly opts: ConsumerHostOptions,
  ) {
    this.log = opts.log ?? createLogger(`ConsumerHost:${opts.groupId}`);
  }

  async start(): Promise<void> {
    const o = this.opts;
    if (!o.handle === !o.handleBatch) throw new Error('ConsumerHost needs exactly one of handle and handleBatch');
    const consumer = this.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeout ?? 10000,
      rebalanceTimeout: o.rebalanceTimeout ?? 10000,
      heartbeatInterval: o.heartbeatInterval ?? 1000,
      maxWaitTimeInMs: o.maxWaitTimeInMs ?? 100,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, retries: 8 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.joinedResolve());
    consumer.on(consumer.events.CRASH, (e) => this.log.error('consumer crashed', { groupId: o.groupId, restart: e.payload.restart, ...errorFields(e.payload.error) }));
    await consumer.connect();
    await subscribeRetrying(consumer, o.topics, o.fromBeginning ?? true, this.log);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => {
        const batch = this.eachBatch(payload);
        this.inFlight.add(batch);
        void batch.catch(() => undefined).finally(() => this.inFlight.delete(batch));
        return batch;
      },
    });
  }

  /** One batch of one partition: the handlers in order, their outputs flushed on size, on time and at the end. */
  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const consumer = this.consumer!;
    const flusher = new BatchFlusher({
      producer: this.producer,
      beforeCommit: this.opts.beforeCommit && ((offset) => this.opts.beforeCommit!({ topic: batch.topic, partition: batch.partition, offset })),
      intervalMs: this.opts.flushIntervalMs,
      deadLetter: (source, reason) => {
        const dlq = this.dlqTopic(source.topic);
        this.log.warn('sent to dead-letter topic', { topic: source.topic, partition: source.partition, offset: source.offset, dlq, reason });
        return deadLetter(source, reason, dlq);
      },
      commit: async (offset) => {
        resolveOffset(offset);
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() }]);
      },
    });
    const lagLabels = { topic: batch.topic, partition: String(batch.partition), group: this.opts.groupId };
    consumerLag.set(lagLabels, Number(batch.offsetLagLow()));
    const beating = this.keepAlive(flusher, heartbeat);
    try {
      const messages = batch.messages.map((m) => toIncoming(batch.topic, batch.partition, m));
      await this.handleAll(messages, flusher, heartbeat, () => this.stopping || !isRunning() || isStale());
    } finally {
      // Also on a retriable failure: what was handled is published and committed, the rest is redelivered. The
      // heartbeat keeps going meanwhile: a send to a topic that is gone takes kafkajs ~25 s of retries to give up,
      // longer than the session, and a member evicted then could never commit the dead letter it publishes.
      try {
        await flusher.flush();
      } finally {
        clearInterval(beating);
      }
      consumerLag.set(lagLabels, Number(batch.offsetLag()));
    }
  }

  /** The loop: each message (or chunk) handled in order, retried in place on a retriable error, others to the DLQ. */
  private async handleAll(messages: readonly IncomingMessage[], flusher: BatchFlusher, heartbeat: () => Promise<void>, stopped: () => boolean): Promise<void> {
    const flushEvery = this.opts.flushEvery ?? 1000;
    const step = { flusher, heartbeat, stopped };
    for (let i = 0; i < messages.length; ) {
      if (stopped()) break;
      if (this.opts.handleBatch) {
        const chunk = messages.slice(i, i + flushEvery);
        await this.handleChunk(chunk, step);
        i += chunk.length;
      } else {
        await this.handleOne(messages[i++], step);
        flusher.throwIfFailed();
      }
      flusher.handled(messages[i - 1].offset);
      if (flusher.size >= flushEvery || this.opts.handleBatch) await flusher.flush();
      // On time, the flush runs beside the next handlers (its outputs and offset are fixed when it starts).
      else if (flusher.due) void flusher.flush().catch(() => undefined);
      await heartbeat();
    }
  }

  /**
   * One message: its outputs encoded inside this error boundary (a value JSON.stringify cannot encode dead-letters
   * its input instead of failing the flush of the whole batch), a retriable failure retried in place.
   */
  private async handleOne(msg: IncomingMessage, step: Step): Promise<void> {
    await this.withRetries([msg], step, async () => {
      try {
        step.flusher.add(((await this.opts.handle!(msg)) ?? []).map(encodeOutgoing), [msg]);
      } catch (error) {
        if (isRetriable(error)) throw error;
        // A refusal that must be known (an audit event) is published with the dead letter, before the commit.
        if (error instanceof MessageRefusedError) this.addRefusal(step.flusher, error, msg);
        this.reject(step.flusher, msg, errorMessage(error));
      }
    });
  }

  /**
   * A chunk for the batch handler. A non-retriable failure, or an output that cannot be encoded, is not pinned on
   * the whole chunk: the chunk is handled again one message at a time (handlers are idempotent: at-least-once), so
   * only the message that causes it is dead-lettered.
   */
  private async handleChunk(chunk: readonly IncomingMessage[], step: Step): Promise<void> {
    await this.withRetries(chunk, step, async () => {
      let outcome: BatchOutcome;
      let produced: OutgoingMessage[];
      try {
        outcome = await this.opts.handleBatch!(chunk);
        produced = outcome.produced.map(encodeOutgoing);
      } catch (error) {
        if (isRetriable(error)) throw error;
        if (chunk.length === 1) return this.reject(step.flusher, chunk[0], errorMessage(error));
        for (const m of chunk) await this.handleChunk([m], step);
        return;
      }
      step.flusher.add(produced, chunk);
      for (const r of outcome.rejected ?? []) this.reject(step.flusher, r.message, r.reason);
    });
  }

  /**
   * Runs `attempt` until it does not throw a retriable error, at most `retry.maxRetries` failures, with exponential
   * backoff; what earlier messages produced is published and committed before the first wait. Then the messages go
   * to the dead-letter topic as `retries exhausted`, logged at error level. Counted in memory, per message in hand:
   * the count restarts after a restart or a rebalance, which only delays the dead letter (see retry-policy.ts).
   */
  private async withRetries(messages: readonly IncomingMessage[], step: Step, attempt: () => Promise<void>): Promise<void> {
    const policy = this.opts.retry ?? DEFAULT_RETRY_POLICY;
    for (let failures = 1; ; failures++) {
      try {
        return await attempt();
      } catch (error) {
        if (!isRetriable(error)) throw error;
        const first = messages[0];
        const where = { topic: first.topic, partition: first.partition, offset: first.offset, messages: messages.length, attempt: failures };
        if (failures >= policy.maxRetries) {
          this.log.error('retries exhausted; sent to dead-letter topic', { ...where, ...errorFields(error) });
          for (const m of messages) this.reject(step.flusher, m, `retries exhausted: ${failures} retriable failures, the last: ${errorMessage(error)}`);
          return;
        }
        this.log.warn('handler failed; retrying', { ...where, ...errorFields(error) });
        if (step.flusher.pending) await step.flusher.flush();
        if (!(await this.pause(retryDelayMs(policy, failures), step))) throw error;
      }
    }
  }

  /** Waits `ms`, heartbeating; false as soon as the member stops (the message is then redelivered). */
  private async pause(ms: number, step: Step): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (step.stopped()) return false;
      await new Promise((r) => setTimeout(r, Math.min(200, until - Date.now())));
      await step.heartbeat().catch(() => undefined);
    }
    return !step.stopped();
  }

  /**
   * One timer per batch: kafkajs heartbeats only when asked, so keep the membership alive while a slow handler (a
   * script) runs; and a slow handler does not hold back what the messages before it produced: flush those on time.
   */
  private keepAlive(flusher: BatchFlusher, heartbeat: () => Promise<void>): NodeJS.Timeout {
    const interval = this.opts.flushIntervalMs;
    const beat = this.opts.heartbeatInterval ?? 1000;
    const tick = interval === undefined ? beat : Math.max(1, Math.min(interval, beat));
    return setInterval(() => {
      void heartbeat().catch(() => undefined);
      if (flusher.due && flusher.pending) void flusher.flush().catch((error: unknown) => this.log.warn('timed flush failed', errorFields(error)));
    }, tick);
  }

  private reject(flusher: BatchFlusher, msg: IncomingMessage, reason: string): void {
    const dlq = this.dlqTopic(msg.topic);
    this.log.warn('sent to dead-letter topic', { topic: msg.topic, partition: msg.partition, offset: msg.offset, dlq, reason });
    flusher.add([deadLetter(msg, reason, dlq)], []);
  }

  /** What a refusal says to publish; if that cannot be encoded either, the dead letter alone still goes out. */
  private addRefusal(flusher: BatchFlusher, error: MessageRefusedError, msg: IncomingMessage): void {
    try {
      flusher.add(error.publish.map(encodeOutgoing), [msg]);
    } catch (e) {
      this.log.error('refusal output not encodable; dead letter only', { topic: msg.topic, partition: msg.partition, offset: msg.offset, ...errorFields(e) });
    }
  }

  private dlqTopic(topic: string): string {
    return (this.opts.dlqTopic ?? ((t: string) => `${t}.dlq`))(topic);
  }

  /** Leaves the group (LeaveGroup), so the partitions move to the other members at once. */
  async stop(): Promise<void> {
    const c = this.consumer;
    if (!c) return;
    // kafkajs may leave the group while our last flush is still committing; finish the batches first (bounded).
    this.stopping = true;
    const cap = new Promise<void>((r) => setTimeout(r, STOP_WAIT_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), cap]);
    this.consumer = undefined;
    await c.disconnect();
  }
}

/**
 * `subscribe` reads the topics' metadata; right after a topic is created a broker may still answer "does not host
 * this topic-partition" (retriable), which would otherwise stop the service at boot. Retried with backoff, ~10 s.
 */
async function subscribeRetrying(consumer: Consumer, topics: readonly string[], fromBeginning: boolean, log: Log): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await consumer.subscribe({ topics: [...topics], fromBeginning });
      return;
    } catch (error) {
      if (attempt >= 8 || (error as { retriable?: unknown }).retriable !== true) throw error;
      log.warn('subscribe failed, retrying', { topics: [...topics], attempt, ...errorFields(error) });
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}
