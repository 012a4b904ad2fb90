import { Module } from '@nestjs/common';
import { EnrolledAgents, RedisAgentKeyStore, RedisAgentRegistry } from '@riposte/store';
import { MatcherEnv } from '../env';
import { ActiveAgentsCache } from './active-agents.cache';
import { HeartbeatConsumer } from './heartbeat.consumer';

/**
 * The agent registry in Redis: written from heartbeats, read (through a short cache) for `all` responses; and the
 * enrolled agent keys (issue 10), read through their cache by the heartbeat check and by dispatch.
 */
@Module({
  providers: [
    {
      provide: ActiveAgentsCache,
      inject: [RedisAgentRegistry, MatcherEnv],
      useFactory: (registry: RedisAgentRegistry, env: MatcherEnv) => new ActiveAgentsCache(registry, env.get('MATCHER_AGENTS_CACHE_MS')),
    },
    {
      provide: EnrolledAgents,
      inject: [RedisAgentKeyStore, MatcherEnv],
      useFactory: (store: RedisAgentKeyStore, env: MatcherEnv) => new EnrolledAgents(store, env.get('enrolmentRefreshMs')),
    },
    HeartbeatConsumer,
  ],
  exports: [ActiveAgentsCache, EnrolledAgents],
})
export class RegistryModule {}
