import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { CLOCK } from '@riposte/bus';
import { systemClock, type Clock } from '@riposte/contracts';
import { AGENT_AR_CONFIG, loadAgentArConfig, type AgentArConfig } from './config/agent-config';
import { EXECUTOR_ENV, ExecutorEnv, type ExecutorConfig } from './env';
import { LocalStateStore } from './state/local-state.store';

/**
 * What every part of the executor shares: the validated settings, the clock, the agent's AR configuration (read
 * once at boot, like execd) and the durable local state (loaded at boot).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ExecutorConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: EXECUTOR_ENV, useValue: new ExecutorEnv(config) },
        { provide: CLOCK, useValue: clock },
        { provide: AGENT_AR_CONFIG, useFactory: () => announce(loadAgentArConfig(config.home)) },
        {
          provide: LocalStateStore,
          useFactory: () => {
            const store = new LocalStateStore(config.home, { offenderWindowMs: config.repeatOffenderWindowMs });
            store.load(clock());
            return store;
          },
        },
      ],
      exports: [EXECUTOR_ENV, CLOCK, AGENT_AR_CONFIG, LocalStateStore],
    };
  }
}

/** execd's start-up lines for the agent's `<active-response>` (spec §1.3). */
function announce(c: AgentArConfig): AgentArConfig {
  const log = new Logger('ExecdConfig');
  if (c.disabled) log.log('(1350): Active response disabled.');
  c.repeatedOffenders.forEach((n, i) => log.debug(`Adding offenders timeout: ${n} (for #${i})`));
  return c;
}
