import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, RedisAgentRegistry, StoreKeys } from '@riposte/store';
import { MatcherEnv } from '../env';
import { ActiveAgentsCache } from './active-agents.cache';
import { HeartbeatConsumer } from './heartbeat.consumer';

/** Nest token of the matcher's ioredis client. */
export const REDIS = Symbol('REDIS');

/** Closes Redis at shutdown, after the consumers (stopped in `onModuleDestroy`) can no longer use it. */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The agent registry in Redis: written from heartbeats, read (through a short cache) for `all` responses. */
@Module({
  providers: [
    { provide: REDIS, inject: [MatcherEnv], useFactory: (env: MatcherEnv) => createRedis(env.redis) },
    {
      provide: RedisAgentRegistry,
      inject: [REDIS, MatcherEnv],
      useFactory: (redis: Redis, env: MatcherEnv) => new RedisAgentRegistry(redis, new StoreKeys(env.get('RIPOSTE_REDIS_PREFIX'))),
    },
    {
      provide: ActiveAgentsCache,
      inject: [RedisAgentRegistry, MatcherEnv],
      useFactory: (registry: RedisAgentRegistry, env: MatcherEnv) => new ActiveAgentsCache(registry, env.get('MATCHER_AGENTS_CACHE_MS')),
    },
    RedisLifecycle,
    HeartbeatConsumer,
  ],
  exports: [REDIS, ActiveAgentsCache],
})
export class RegistryModule {}
