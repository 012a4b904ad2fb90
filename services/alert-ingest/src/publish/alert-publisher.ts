import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusProducer, CLOCK, deadLetter, type IncomingMessage, TOPICS } from '@riposte/bus';
import { AlertV1, assertNever, type Clock, createEnvelope, DLQ_HEADER, HEADER, type OutgoingMessage, type Topics, withEnvelope } from '@riposte/contracts';
import { IngestConfig } from '../env';
import { MAX_RAW_BYTES, type NormalizedAlert } from '../normalize/normalize-raw-alert';
import { countAlerts, type IngestInput } from './ingest-metrics';

/** Where an input came from, for its dead letter. */
export type IngestOrigin =
  | { readonly input: 'kafka'; readonly message: IncomingMessage }
  | { readonly input: 'http'; readonly index: number }
  | { readonly input: 'file'; readonly path: string; /** byte offset of the line */ readonly offset: number };

/** One normalized input and the bytes it was made from (a dead letter carries them unchanged). */
export interface IngestItem {
  readonly raw: Buffer | string;
  readonly result: NormalizedAlert;
  readonly origin: IngestOrigin;
}

/** How many items went to the alerts topic (accepted) and to the dead-letter topic (rejected). */
export interface PublishSummary {
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * The one place where normalized inputs become messages, for all three inputs: a valid alert goes to the alerts
 * topic keyed by agent id with a fresh envelope (new trace id, expires-at = now + ALERT_TTL_MS); anything else goes
 * to the dead-letter topic with its reason and raw bytes.
 */
@Injectable()
export class AlertPublisher {
  private readonly log = new Logger(AlertPublisher.name);
  private readonly ttlMs: number;

  constructor(
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly producer: BusProducer,
    config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ttlMs = config.get('ALERT_TTL_MS');
  }

  /** The message for each item, in order. Publishing is the caller's (the consumer host's, or `publish`). */
  toMessages(items: readonly IngestItem[]): OutgoingMessage[] {
    const now = this.clock();
    return items.map((item) => {
      const { result } = item;
      if (result.ok) {
        const envelope = createEnvelope({ now, type: AlertV1.TYPE, ttlMs: this.ttlMs });
        return withEnvelope(this.topics.alerts, result.agentId, result.json, envelope);
      }
      const dead = this.deadLetter(item, result.reason);
      this.log.warn({ msg: 'sent to dead-letter topic', input: item.origin.input, topic: dead.topic, reason: result.reason });
      return dead;
    });
  }

  /**
   * Publishes the items in one producer send (`BusProducer` splits it only when it would pass the broker's batch
   * size), then counts them. Throws DependencyUnavailableError when Kafka fails; nothing is counted then.
   */
  async publish(input: IngestInput, items: readonly IngestItem[]): Promise<PublishSummary> {
    const summary = summarize(items);
    await this.producer.send(this.toMessages(items));
    countAlerts(input, summary.accepted, summary.rejected);
    this.log.debug({ msg: 'published', input, ...summary });
    return summary;
  }

  private deadLetter(item: IngestItem, reason: string): OutgoingMessage {
    const { origin } = item;
    const { value, truncated } = capped(item.raw);
    switch (origin.input) {
      case 'kafka':
        return deadLetter({ ...origin.message, value: Buffer.isBuffer(value) ? value : Buffer.from(value), headers: { ...origin.message.headers, ...truncated } }, reason, this.topics.dlq(origin.message.topic));
      case 'http':
        return this.localDeadLetter(value, reason, { [DLQ_HEADER.source]: 'http', [DLQ_HEADER.sourceIndex]: String(origin.index), ...truncated });
      case 'file':
        return this.localDeadLetter(value, reason, { [DLQ_HEADER.source]: 'file', [DLQ_HEADER.sourceFile]: origin.path, [DLQ_HEADER.sourceOffset]: String(origin.offset), ...truncated });
      default:
        return assertNever(origin);
    }
  }

  /** HTTP and file inputs have no topic of their own: their dead letters go beside the alerts topic. */
  private localDeadLetter(raw: Buffer | string, reason: string, origin: Record<string, string>): OutgoingMessage {
    return { topic: this.topics.dlq(this.topics.alerts), key: null, value: raw, headers: { [HEADER.reason]: reason.slice(0, 2000), ...origin } };
  }
}

/**
 * The raw bytes a dead letter carries, cut to MAX_RAW_BYTES: an oversized input must not make the dead letter
 * itself too large for the broker (the stream would stop). The original length goes in a header.
 */
function capped(raw: Buffer | string): { value: Buffer | string; truncated: Record<string, string> } {
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (bytes <= MAX_RAW_BYTES) return { value: raw, truncated: {} };
  const buf = typeof raw === 'string' ? Buffer.from(raw) : raw;
  return { value: buf.subarray(0, MAX_RAW_BYTES), truncated: { [DLQ_HEADER.truncatedFrom]: String(bytes) } };
}

/** Accepted and rejected counts of some items. */
export function summarize(items: readonly IngestItem[]): PublishSummary {
  const accepted = items.reduce((n, i) => n + (i.result.ok ? 1 : 0), 0);
  return { accepted, rejected: items.length - accepted };
}
