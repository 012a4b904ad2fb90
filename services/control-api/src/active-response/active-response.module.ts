import { Module } from '@nestjs/common';
import { ActiveResponseController } from './active-response.controller';
import { ExecTopics } from '@riposte/bus';
import { ManualTriggerService } from './manual-trigger.service';

@Module({ controllers: [ActiveResponseController], providers: [ManualTriggerService, ExecTopics], exports: [ExecTopics] })
export class ActiveResponseModule {}
