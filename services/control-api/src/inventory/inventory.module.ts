import { Module } from '@nestjs/common';
import { ActiveResponseModule } from '../active-response/active-response.module';
import { ActiveResponsesGauge } from './active-responses.gauge';
import { AgentsGauge } from './agents.gauge';
import { InventoryController } from './inventory.controller';
import { UnblockService } from './unblock.service';

@Module({ imports: [ActiveResponseModule], controllers: [InventoryController], providers: [UnblockService, ActiveResponsesGauge, AgentsGauge] })
export class InventoryModule {}
