import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, redisOptionsFromEnv, StoreKeys } from '@riposte/store';
import { IngestConfig } from '../env';

/** Token of the service's ioredis client (only the file input's position store uses it). */
export const REDIS = Symbol('REDIS');

/**
 * The store's ioredis client (REDIS_URL, REDIS_PASSWORD, REDIS_TLS_CA). Lazy: it connects on the first command,
 * which only the tailer sends, so a service without ALERTS_JSON_PATH never needs Redis.
 */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [IngestConfig],
  useFactory: (config: IngestConfig) => {
    const redis = createRedis(redisOptionsFromEnv(config.source), { lazyConnect: true });
    // Failures reach the caller of each command (the tailer logs them once); without a listener ioredis would
    // print every reconnection error.
    redis.on('error', () => undefined);
    return redis;
  },
};

/** The project's Redis keys under RIPOSTE_REDIS_PREFIX. */
export const storeKeysProvider: Provider = {
  provide: StoreKeys,
  inject: [IngestConfig],
  useFactory: (config: IngestConfig) => new StoreKeys(config.get('RIPOSTE_REDIS_PREFIX')),
};

/** Closes the client after every module is destroyed (the tailer commits its last position first). */
@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') return void this.redis.disconnect();
    await this.redis.quit();
  }
}
