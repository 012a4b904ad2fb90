import { Global, Module, type DynamicModule } from '@nestjs/common';
import { MatcherEnv } from '../env';
import { CLOCK } from '@riposte/bus';
import { systemClock } from '@riposte/contracts';
import { TopicsBootstrap } from './topics.bootstrap';

/** What every part of the matcher shares: the validated environment, the clock, and the topics it needs. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(env: MatcherEnv): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [{ provide: MatcherEnv, useValue: env }, { provide: CLOCK, useValue: systemClock }, TopicsBootstrap],
      exports: [MatcherEnv, CLOCK],
    };
  }
}
