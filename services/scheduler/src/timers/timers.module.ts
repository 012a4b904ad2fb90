import { Module, type DynamicModule } from '@nestjs/common';
import { BusAdmin, CLOCK, dependency, healthChecks, HealthController, MetricsController } from '@riposte/bus';
import type { Clock } from '@riposte/contracts';
import { SchedulerConfig } from '../env';
import { FiringSender } from './firing-sender';
import { TimerFiringService } from './timer-firing.service';
import { TimerRequestConsumer } from './timer-request.consumer';
import { EnrolledAgents, pingRedis, RedisAgentKeyStore, REDIS } from '@riposte/store';
import type { Redis } from 'ioredis';

@Module({})
export class TimersModule {
  static forRoot(config: SchedulerConfig, clock: Clock): DynamicModule {
    return {
      module: TimersModule,
      // No operator routes: the control API is the one manual-unblock path (behind its tokens and roles).
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SchedulerConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        // The enrolled agent keys (issue 10), cached: a timer request is accepted only when signed by its agent's.
        { provide: EnrolledAgents, inject: [RedisAgentKeyStore], useFactory: (store: RedisAgentKeyStore) => new EnrolledAgents(store, config.get('enrolmentRefreshMs')) },
        TimerRequestConsumer,
        FiringSender,
        TimerFiringService,
        healthChecks([REDIS, BusAdmin], (redis: Redis, admin: BusAdmin) => ({ redis: dependency(() => pingRedis(redis)), kafka: dependency(() => admin.probe()) })),
      ],
    };
  }
}
