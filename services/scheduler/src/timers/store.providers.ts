import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CLOCK } from '@riposte/bus';
import { systemClock } from '@riposte/contracts';
import { createRedis, RedisTimerStore, StoreKeys } from '@riposte/store';
import { loadSchedulerEnv, SchedulerConfig } from '../env';

export const REDIS = Symbol('REDIS');

/** Closes Redis after everything that uses it has stopped (shutdown hooks run after module destroy). */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const ERROR_LOG_EVERY_MS = 10_000;

/**
 * ioredis emits every failed reconnect as an 'error' event (and prints it when nobody listens). Commands fail
 * on their own as DependencyUnavailableError; this only says, at most every 10 s, that Redis is unreachable.
 */
function watched(redis: Redis): Redis {
  const log = new Logger('Redis');
  let loggedAt = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - loggedAt < ERROR_LOG_EVERY_MS) return;
    loggedAt = now;
    log.warn({ msg: 'Redis connection error', error: error.message });
  });
  return redis;
}

export const storeProviders: Provider[] = [
  { provide: SchedulerConfig, useFactory: () => loadSchedulerEnv(process.env) },
  { provide: CLOCK, useValue: systemClock },
  { provide: REDIS, inject: [SchedulerConfig], useFactory: (c: SchedulerConfig) => watched(createRedis(c.get('redis'))) },
  { provide: StoreKeys, inject: [SchedulerConfig], useFactory: (c: SchedulerConfig) => new StoreKeys(c.get('redisPrefix')) },
  { provide: RedisTimerStore, inject: [REDIS, StoreKeys], useFactory: (redis: Redis, keys: StoreKeys) => new RedisTimerStore(redis, keys) },
  RedisLifecycle,
];
