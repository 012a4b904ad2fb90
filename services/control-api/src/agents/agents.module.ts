import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisAgentKeyStore, REDIS, StoreKeys } from '@riposte/store';
import { AgentEnrolmentService } from './agent-enrolment.service';
import { AgentKeyController } from './agent-key.controller';
import { AgentsController } from './agents.controller';

@Module({
  controllers: [AgentsController, AgentKeyController],
  providers: [
    { provide: RedisAgentKeyStore, inject: [REDIS, StoreKeys], useFactory: (redis: Redis, keys: StoreKeys) => new RedisAgentKeyStore(redis, keys) },
    AgentEnrolmentService,
  ],
})
export class AgentsModule {}
