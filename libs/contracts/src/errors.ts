import type { OutgoingMessage } from './outgoing-message';

/**
 * One error hierarchy for the whole project (kafkajs errors.js style): every error says whether a retry can
 * help, and carries its cause. "No match", "not due yet" and "whitelisted" are results, never errors.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retriable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A message that does not match its contract. Never retried: it goes to the dead-letter topic. */
export class ContractViolationError extends AppError {
  readonly code = 'CONTRACT_VIOLATION';
  readonly retriable = false;
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A message refused for good whose refusal must itself be published (an audit event): the consumer host
 * dead-letters it like any contract violation and publishes `publish` with the dead letter, both before the
 * offset commit.
 */
export class MessageRefusedError extends ContractViolationError {
  constructor(
    message: string,
    readonly publish: readonly OutgoingMessage[],
    options?: { cause?: unknown },
  ) {
    super(message, [], options);
  }
}

/** Configuration that cannot be used. `source` and `line` name the place (file:line). */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;
}

/** A broken internal assumption in pure code. */
export class InvariantViolation extends AppError {
  readonly code = 'INVARIANT_VIOLATION';
  readonly retriable = false;
}

/** Kafka or Redis did not answer. Retrying later can help. */
export class DependencyUnavailableError extends AppError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly retriable = true;
}

/** True when the error, or any error in its cause chain, says a retry can help. */
export function isRetriable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    if (e instanceof AppError) return e.retriable;
    if (typeof e === 'object' && e !== null && 'retriable' in e && typeof e.retriable === 'boolean') return e.retriable;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
