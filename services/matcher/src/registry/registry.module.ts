import { Module } from '@nestjs/common';
import { RedisAgentRegistry } from '@riposte/store';
import { MatcherEnv } from '../env';
import { ActiveAgentsCache } from './active-agents.cache';
import { HeartbeatConsumer } from './heartbeat.consumer';

/** The agent registry in Redis: written from heartbeats, read (through a short cache) for `all` responses. */
@Module({
  providers: [
    {
      provide: ActiveAgentsCache,
      inject: [RedisAgentRegistry, MatcherEnv],
      useFactory: (registry: RedisAgentRegistry, env: MatcherEnv) => new ActiveAgentsCache(registry, env.get('MATCHER_AGENTS_CACHE_MS')),
    },
    HeartbeatConsumer,
  ],
  exports: [ActiveAgentsCache],
})
export class RegistryModule {}
