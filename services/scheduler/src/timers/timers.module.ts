import { Module, type DynamicModule } from '@nestjs/common';
import { CLOCK, MetricsController } from '@riposte/bus';
import type { Clock } from '@riposte/contracts';
import { SchedulerConfig } from '../env';
import { SchedulerController } from './scheduler.controller';
import { TimerFiringService } from './timer-firing.service';
import { TimerRequestConsumer } from './timer-request.consumer';

@Module({})
export class TimersModule {
  static forRoot(config: SchedulerConfig, clock: Clock): DynamicModule {
    return {
      module: TimersModule,
      controllers: [SchedulerController, MetricsController],
      providers: [{ provide: SchedulerConfig, useValue: config }, { provide: CLOCK, useValue: clock }, TimerRequestConsumer, TimerFiringService],
    };
  }
}
