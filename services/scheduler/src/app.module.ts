import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule, SigningModule } from '@riposte/bus';
import { systemClock, type Clock } from '@riposte/contracts';
import { RedisModule } from '@riposte/store';
import { SchedulerConfig } from './env';
import { TimersModule } from './timers/timers.module';

/** The scheduler. The environment is validated once by `main.ts` and comes in here; tests pass their own. */
@Module({})
export class AppModule {
  static forRoot(config: SchedulerConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        BusModule.forRoot({ clientId: 'riposte-scheduler', env: config.raw, kafka: config.get('kafka'), commandRetentionMs: config.get('commandRetentionMs') }),
        SigningModule.forRoot(config.get('signingKey')),
        RedisModule.forRoot({ connection: config.get('redis'), prefix: config.get('redisPrefix'), timers: { refireGraceMs: config.get('refireGraceMs') } }),
        TimersModule.forRoot(config, clock),
      ],
    };
  }
}
