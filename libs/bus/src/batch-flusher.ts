import { systemClock, type Clock, type OutgoingMessage } from '@riposte/contracts';
import type { BusProducer } from './bus-producer';
import type { IncomingMessage } from './consumer-host';
import { kafkaErrorType, PublishFailedError } from './publish-errors';

export interface BatchFlusherOptions {
  readonly producer: Pick<BusProducer, 'send'>;
  /** Resolves and commits the offset of the last message handled (kafkajs `resolveOffset` + `commitOffsets`). */
  readonly commit: (offset: string) => Promise<void>;
  /**
   * Awaited after the outputs are published and before each commit (e.g. an fsync: group commit), with the offset
   * of the last message about to be committed: what the messages up to it did is published by then.
   */
  readonly beforeCommit?: (offset: string) => Promise<void>;
  /** A flush is due once this many ms have passed since the last one; undefined: never by time. */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  /**
   * The dead letter of an input whose output can never be published (its topic is unknown or refused for good);
   * without it, such a failure is sticky like any other.
   */
  readonly deadLetter?: (source: IncomingMessage, reason: string) => OutgoingMessage;
}

/** An output and the inputs that produced it (one message, or a batch handler's chunk). */
interface Pending {
  readonly message: OutgoingMessage;
  readonly sources: readonly IncomingMessage[];
}

/**
 * What one batch of one partition has produced so far, and how far it got: `flush()` publishes the outputs, THEN
 * commits the offset of the last message handled (at-least-once). One flush runs at a time, so a timed flush
 * during a slow handler and the one after it never interleave. A failed flush may have lost outputs already taken,
 * so nothing is committed after it (sticky): every later flush throws its error and kafkajs redelivers from the
 * last committed offset. Except when every failed topic failed for good (PublishFailedError, not retriable): the
 * other topics' outputs are out, those outputs can never be, so the inputs that produced them are dead-lettered
 * with the reason and the offset is committed: one deleted or forbidden topic never stalls the partition.
 */
export class BatchFlusher {
  private readonly out: Pending[] = [];
  private done?: string;
  private committed?: string;
  private flushing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private lastFlush: number;
  private readonly clock: Clock;

  constructor(private readonly opts: BatchFlusherOptions) {
    this.clock = opts.clock ?? systemClock;
    this.lastFlush = this.clock();
  }

  /** Outputs to publish before the offset of `sources`, the messages that produced them, is committed. */
  add(messages: readonly OutgoingMessage[], sources: readonly IncomingMessage[] = []): void {
    for (const message of messages) this.out.push({ message, sources });
  }

  /** The messages up to `offset` are handled: their offset may be committed once their outputs are published. */
  handled(offset: string): void {
    this.done = offset;
  }

  /** How many outputs wait to be published. */
  get size(): number {
    return this.out.length;
  }

  /** Outputs or a handled offset that the last flush did not cover. */
  get pending(): boolean {
    return this.out.length > 0 || this.done !== this.committed;
  }

  /** The flush interval has passed since the last flush. */
  get due(): boolean {
    return this.opts.intervalMs !== undefined && this.clock() - this.lastFlush >= this.opts.intervalMs;
  }

  /** Throws the error of an earlier failed flush, if any. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Publishes what is collected, then commits the offset handled so far; queued behind a flush in progress. */
  flush(): Promise<void> {
    this.lastFlush = this.clock();
    return (this.flushing = this.flushing.catch(() => undefined).then(() => this.flushNow()));
  }

  private async flushNow(): Promise<void> {
    this.throwIfFailed();
    const upTo = this.done;
    try {
      await this.publish(this.out.splice(0));
      if (upTo === undefined || upTo === this.committed) return;
      if (this.opts.beforeCommit) await this.opts.beforeCommit(upTo);
      await this.opts.commit(upTo);
      this.committed = upTo;
    } catch (error) {
      this.failure ??= { error: error ?? new Error('flush failed') };
      throw error;
    }
  }

  /** Sends the outputs; on failures that are all permanent, dead-letters their sources instead of failing. */
  private async publish(pending: readonly Pending[]): Promise<void> {
    try {
      await this.opts.producer.send(pending.map((p) => p.message));
    } catch (error) {
      const deadLetter = this.opts.deadLetter;
      if (!(error instanceof PublishFailedError) || error.retriable || !deadLetter) throw error;
      const lost = pending.filter((p) => error.failures.has(p.message.topic));
      if (lost.some((p) => p.sources.length === 0)) throw error;
      const letters = new Map<string, OutgoingMessage>();
      for (const { message, sources } of lost) {
        const reason = `cannot publish to ${message.topic}: ${kafkaErrorType(error.failures.get(message.topic)!.cause) ?? 'refused'} (permanent)`;
        for (const s of sources) {
          const id = `${s.topic}/${s.partition}/${s.offset}`;
          if (!letters.has(id)) letters.set(id, deadLetter(s, reason));
        }
      }
      await this.opts.producer.send([...letters.values()]);
    }
  }
}
