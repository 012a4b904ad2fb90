import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { RedisAgentRegistry } from './agent-registry.store';
import { RedisAgentKeyStore } from './agent-key.store';
import { createRedis } from './create-redis';
import { listenToRedisErrors, REDIS_ERROR_LOG_EVERY_MS } from './redis-errors.listener';
import { StoreKeys } from './store-keys';
import { RedisTimerStore, type TimerStoreOptions } from './timer.store';

/** Nest token of the service's one ioredis client. */
export const REDIS = Symbol('REDIS');

export interface RedisModuleOptions {
  /** Connection settings, from `redisOptionsFromEnv` (REDIS_URL, REDIS_PASSWORD, REDIS_TLS_CA). */
  readonly connection: RedisOptions;
  /** Prefix of every key (RIPOSTE_REDIS_PREFIX). @defaultValue `riposte` */
  readonly prefix?: string;
  /** Connect on the first command instead of at boot (a service that may never need Redis). @defaultValue false */
  readonly lazyConnect?: boolean;
  /** Connection errors are logged at most this often, after the first. @defaultValue 10000 */
  readonly errorLogEveryMs?: number;
  /** Options of the timer store. */
  readonly timers?: TimerStoreOptions;
}

/**
 * Closes the client at application shutdown, i.e. after every module's destroy hook: the consumers and the file
 * tailer stop there and may still write their last state to Redis.
 */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // 'wait': a lazy client that never connected (quit would connect first); 'end': already closed.
    if (this.redis.status === 'wait' || this.redis.status === 'end') return void this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The one Redis wiring of every service: the client (`REDIS`), `StoreKeys` under the prefix, the timer store and
 * the agent registry built on them, one rate-limited error listener, and the client closed at shutdown. Global.
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: RedisModuleOptions): DynamicModule {
    const keys = new StoreKeys(options.prefix);
    const connect = (): Redis => {
      const redis = createRedis(options.connection, options.lazyConnect ? { lazyConnect: true } : {});
      listenToRedisErrors(redis, new Logger('Redis'), options.errorLogEveryMs ?? REDIS_ERROR_LOG_EVERY_MS);
      return redis;
    };
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: connect },
        { provide: StoreKeys, useValue: keys },
        { provide: RedisTimerStore, inject: [REDIS], useFactory: (redis: Redis) => new RedisTimerStore(redis, keys, options.timers) },
        { provide: RedisAgentRegistry, inject: [REDIS], useFactory: (redis: Redis) => new RedisAgentRegistry(redis, keys) },
        { provide: RedisAgentKeyStore, inject: [REDIS], useFactory: (redis: Redis) => new RedisAgentKeyStore(redis, keys) },
        RedisLifecycle,
      ],
      exports: [REDIS, StoreKeys, RedisTimerStore, RedisAgentRegistry, RedisAgentKeyStore],
    };
  }
}
