/**
 * How a consumer host retries a message whose handler failed with a retriable error (Redis or Kafka briefly away).
 *
 * Counted in memory, per message in hand, not in the `riposte-retry-count` header: that header only changes if the
 * message is produced again, at the tail of its partition, which would break per-key order (an add overtaking its
 * delete). The cost of memory: a restart or a rebalance starts the count again, which only delays the dead letter;
 * a message that crashes the process is not a retriable failure and is not helped by any count.
 */
import { ConfigError } from '@riposte/contracts';

export interface RetryPolicy {
  /** Retriable failures of one message before it goes to the dead-letter topic (`retries exhausted`). */
  readonly maxRetries: number;
  /** Wait after the first failure, ms; doubled after each further one. */
  readonly initialBackoffMs: number;
  /** Longest wait between two attempts, ms. */
  readonly maxBackoffMs: number;
}

/** 10 failures, waits of 0.1 s doubling up to 5 s: about 21 s before a message is given up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 10, initialBackoffMs: 100, maxBackoffMs: 5000 };

/** The wait after the `failures`-th failure (1-based). PURE. */
export function retryDelayMs(policy: RetryPolicy, failures: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failures - 1));
}

/**
 * RIPOSTE_MAX_RETRIES (1–1000, default 10), RIPOSTE_RETRY_BACKOFF_MS (initial wait, 1–60000, default 100) and
 * RIPOSTE_RETRY_MAX_BACKOFF_MS (1–600000, default 5000), validated once at boot.
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy {
  const read = (name: string, fallback: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`invalid environment: ${name}: must be an integer from 1 to ${max}`);
    return n;
  };
  return {
    maxRetries: read('RIPOSTE_MAX_RETRIES', DEFAULT_RETRY_POLICY.maxRetries, 1000),
    initialBackoffMs: read('RIPOSTE_RETRY_BACKOFF_MS', DEFAULT_RETRY_POLICY.initialBackoffMs, 60_000),
    maxBackoffMs: read('RIPOSTE_RETRY_MAX_BACKOFF_MS', DEFAULT_RETRY_POLICY.maxBackoffMs, 600_000),
  };
}
