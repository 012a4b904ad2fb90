import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { AGENT_SIGNER, CLOCK, createAgentSigner, ensureAgentKey, TOPICS, type AgentSigner } from '@riposte/bus';
import { systemClock, type Clock, type Topics } from '@riposte/contracts';
import { AGENT_AR_CONFIG, loadAgentArConfig, type AgentArConfig } from './config/agent-config';
import { EXECUTOR_ENV, ExecutorEnv, type ExecutorConfig } from './env';
import { LocalStateStore } from './state/local-state.store';

/**
 * What every part of the executor shares: the validated settings, the clock, the agent's AR configuration (read
 * once at boot, like execd), the durable local state (loaded at boot) and the agent's signer (its own key,
 * created at first start), which every heartbeat and timer request goes through.
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
        { provide: AGENT_SIGNER, inject: [TOPICS], useFactory: (topics: Topics) => agentSigner(config, topics) },
      ],
      exports: [EXECUTOR_ENV, CLOCK, AGENT_AR_CONFIG, LocalStateStore, AGENT_SIGNER],
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

/** The agent's key (created with mode 0600 when absent) behind its signer; says where the public half is for enrolment. */
function agentSigner(config: ExecutorConfig, topics: Topics): AgentSigner {
  const key = ensureAgentKey(config.keyFile);
  new Logger('AgentKey').log({
    msg: key.created ? 'agent key created: enrol its public key (riposte agents enroll)' : 'agent key loaded',
    agentId: config.agentId,
    keyId: key.keyId,
    keyFile: config.keyFile,
    publicKeyFile: `${config.keyFile}.pub`,
  });
  return createAgentSigner(config.agentId, key, topics);
}
