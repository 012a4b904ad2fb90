import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { IngestConfig } from '../env';

/** Token of the service's ioredis client (until `@riposte/store` provides the factory). */
export const REDIS = Symbol('REDIS');

/**
 * The ioredis client. Lazy: it connects on the first command, so a service without `ALERTS_JSON_PATH` never
 * needs Redis. Few retries per command, so a tailer tick fails fast and the next tick tries again.
 */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [IngestConfig],
  useFactory: (config: IngestConfig) => {
    const redis = new Redis(config.get('REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 2 });
    // Failures reach the caller of each command (the tailer logs them once); without a listener ioredis would
    // print every reconnection error.
    redis.on('error', () => undefined);
    return redis;
  },
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
