import { Module, type DynamicModule } from '@nestjs/common';
import { BusAdmin, CLOCK, dependency, healthChecks, HealthController, MetricsController } from '@riposte/bus';
import type { Clock } from '@riposte/contracts';
import { SchedulerConfig } from '../env';
import { SchedulerController } from './scheduler.controller';
import { TimerFiringService } from './timer-firing.service';
import { TimerRequestConsumer } from './timer-request.consumer';
import { pingRedis, REDIS } from '@riposte/store';
import type { Redis } from 'ioredis';

@Module({})
export class TimersModule {
  static forRoot(config: SchedulerConfig, clock: Clock): DynamicModule {
    return {
      module: TimersModule,
      controllers: [SchedulerController, HealthController, MetricsController],
      providers: [
        { provide: SchedulerConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        TimerRequestConsumer,
        TimerFiringService,
        healthChecks([REDIS, BusAdmin], (redis: Redis, admin: BusAdmin) => ({ redis: dependency(() => pingRedis(redis)), kafka: dependency(() => admin.probe()) })),
      ],
    };
  }
}
