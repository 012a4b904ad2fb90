import type { Clock } from '@riposte/contracts';
import { systemClock } from '@riposte/contracts';

/** What the listener needs of a client: its 'error' events (ioredis emits every failed reconnect as one). */
export interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Where the listener writes. */
export interface ErrorLog {
  warn(fields: Record<string, unknown>): void;
}

/** How often a Redis connection error is logged at most, after the first. @defaultValue 10 s */
export const REDIS_ERROR_LOG_EVERY_MS = 10_000;

/**
 * The one 'error' listener of a Redis client. Without a listener ioredis prints every failed reconnect; commands
 * fail on their own (→ DependencyUnavailableError in the stores), so this only says that Redis is unreachable:
 * the first error at once, then at most one every `everyMs`, with how many were left out since the last line.
 */
export function listenToRedisErrors(redis: ErrorSource, log: ErrorLog, everyMs = REDIS_ERROR_LOG_EVERY_MS, clock: Clock = systemClock): void {
  let loggedAt: number | undefined;
  let suppressed = 0;
  redis.on('error', (error: Error) => {
    const now = clock();
    if (loggedAt !== undefined && now - loggedAt < everyMs) {
      suppressed++;
      return;
    }
    log.warn({ msg: 'Redis connection error', error: error.message, suppressed });
    loggedAt = now;
    suppressed = 0;
  });
}
