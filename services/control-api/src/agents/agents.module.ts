import { Module } from '@nestjs/common';
import { AgentEnrolmentService } from './agent-enrolment.service';
import { AgentKeyController } from './agent-key.controller';
import { AgentsController } from './agents.controller';

/** The agent registry and enrolment routes; `RedisAgentKeyStore` comes from the global RedisModule. */
@Module({
  controllers: [AgentsController, AgentKeyController],
  providers: [AgentEnrolmentService],
})
export class AgentsModule {}
