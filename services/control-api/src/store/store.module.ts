import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, RedisAgentRegistry, RedisTimerStore, redisOptionsFromEnv, StoreKeys } from '@riposte/store';
import type { ControlApiEnv } from '../env';

/** Token of the service's ioredis client. */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Redis, the scheduler's timer store (the inventory) and the agent registry fed by heartbeats. */
@Global()
@Module({})
export class StoreModule {
  static forRoot(env: ControlApiEnv): DynamicModule {
    const keys = new StoreKeys(env.get('RIPOSTE_REDIS_PREFIX'));
    return {
      module: StoreModule,
      providers: [
        { provide: REDIS, useFactory: () => createRedis(redisOptionsFromEnv({ ...env.raw, REDIS_URL: env.get('REDIS_URL') })) },
        { provide: StoreKeys, useValue: keys },
        { provide: RedisTimerStore, inject: [REDIS], useFactory: (redis: Redis) => new RedisTimerStore(redis, keys) },
        { provide: RedisAgentRegistry, inject: [REDIS], useFactory: (redis: Redis) => new RedisAgentRegistry(redis, keys) },
        RedisLifecycle,
      ],
      exports: [REDIS, StoreKeys, RedisTimerStore, RedisAgentRegistry],
    };
  }
}
