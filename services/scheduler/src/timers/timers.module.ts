import { Module } from '@nestjs/common';
import { MetricsController } from '@riposte/bus';
import { SchedulerController } from './scheduler.controller';
import { storeProviders } from './store.providers';
import { TimerFiringService } from './timer-firing.service';
import { TimerRequestConsumer } from './timer-request.consumer';

@Module({
  controllers: [SchedulerController, MetricsController],
  providers: [...storeProviders, TimerRequestConsumer, TimerFiringService],
})
export class TimersModule {}
