/**
 * What a failed publish means for the message that caused it. A broker that is down, or a leader that moved, is worth
 * retrying; a topic that does not exist (and is not auto-created) or that the ACLs refuse, or a record the broker
 * will never take, is not: retried, it holds its partition forever. Decided from kafkajs's protocol error types down
 * the cause chain (kafkajs `getOriginalCause` style), never from message text.
 */
import { AppError } from '@riposte/contracts';

/** Kafka protocol errors after which a send to that topic cannot succeed by waiting. */
export const PERMANENT_KAFKA_ERRORS: ReadonlySet<string> = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'TOPIC_AUTHORIZATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
]);

/** The kafkajs protocol error `type` (e.g. `UNKNOWN_TOPIC_OR_PARTITION`) deepest in the cause chain, if any. */
export function kafkaErrorType(error: unknown): string | undefined {
  let found: string | undefined;
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 10; depth++) {
    const o = e as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof o.type === 'string') found = o.type;
    e = o.cause ?? o.originalError;
  }
  return found;
}

/** True when the error says no retry of this send can ever succeed (see PERMANENT_KAFKA_ERRORS). */
export function isPermanentKafkaError(error: unknown): boolean {
  const type = kafkaErrorType(error);
  return type !== undefined && PERMANENT_KAFKA_ERRORS.has(type);
}

/** How the send to one topic failed. */
export interface TopicFailure {
  readonly retriable: boolean;
  readonly cause: unknown;
}

/**
 * A send that failed for some of its topics (`failures`, by topic); the other topics' messages were published.
 * Retriable when any failed topic may still succeed later.
 */
export class PublishFailedError extends AppError {
  readonly code = 'PUBLISH_FAILED';
  readonly retriable: boolean;

  constructor(readonly failures: ReadonlyMap<string, TopicFailure>) {
    const parts = [...failures].map(([topic, f]) => `${topic}: ${kafkaErrorType(f.cause) ?? (f.cause instanceof Error ? f.cause.message : String(f.cause))}${f.retriable ? '' : ' (permanent)'}`);
    super(`Kafka publish failed (${parts.join('; ')})`, { cause: [...failures.values()][0]?.cause });
    this.retriable = [...failures.values()].some((f) => f.retriable);
  }

  /** The topics no retry can publish to. */
  get permanentTopics(): string[] {
    return [...this.failures].filter(([, f]) => !f.retriable).map(([topic]) => topic);
  }
}

/** An outgoing value that cannot be encoded (JSON.stringify threw: nesting too deep, a cycle, a BigInt). Never retried. */
export class UnencodableOutputError extends AppError {
  readonly code = 'OUTPUT_UNENCODABLE';
  readonly retriable = false;
}
