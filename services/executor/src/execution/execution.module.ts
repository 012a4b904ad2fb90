import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { FileReplayMemory } from '@riposte/responses';
import { type Clock, type Topics } from '@riposte/contracts';
import { AGENT_SIGNER, CLOCK, TOPICS, type AgentSigner } from '@riposte/bus';
import { AGENT_AR_CONFIG, type AgentArConfig } from '../config/agent-config';
import { EXECUTOR_ENV, type ExecutorEnv } from '../env';
import { LocalStateStore } from '../state/local-state.store';
import { AddHandler } from './add.handler';
import { CommandConsumer } from './command.consumer';
import { DeleteHandler } from './delete.handler';
import { ExecutionService } from './execution.service';
import { ScriptHost } from './script-host';
import { CommandGate, REPLAY_FILE } from '../verification/command-gate';

/** The command path: consumer → command gate (verification) → execution service → add/delete handlers → script host. */
@Module({
  providers: [
    {
      provide: ScriptHost,
      inject: [EXECUTOR_ENV, CLOCK],
      useFactory: (env: ExecutorEnv, clock: Clock) => new ScriptHost({ home: env.get('home'), timeoutMs: env.get('scriptTimeoutMs'), dryRun: env.get('dryRun'), clock }),
    },
    {
      provide: CommandGate,
      inject: [EXECUTOR_ENV, CLOCK, TOPICS],
      useFactory: (env: ExecutorEnv, clock: Clock, topics: Topics) =>
        new CommandGate({
          agentId: env.get('agentId'),
          topics,
          trustedKeys: env.get('trustedKeys'),
          skewMs: env.get('clockSkewMs'),
          clock,
          // Read at boot like the state: an unreadable memory stops the executor rather than forget what ran.
          memory: FileReplayMemory.open(path.join(env.get('home'), REPLAY_FILE), clock()),
        }),
    },
    {
      provide: ExecutionService,
      inject: [EXECUTOR_ENV, CLOCK, TOPICS, AGENT_AR_CONFIG, LocalStateStore, ScriptHost, CommandGate, AGENT_SIGNER],
      useFactory: (env: ExecutorEnv, clock: Clock, topics: Topics, agentConfig: AgentArConfig, store: LocalStateStore, host: ScriptHost, gate: CommandGate, signer: AgentSigner) => {
        const scriptTimeoutMs = env.get('scriptTimeoutMs');
        return new ExecutionService({
          topics,
          agentId: env.get('agentId'),
          home: env.get('home'),
          gate,
          agentConfig,
          host,
          adds: new AddHandler({ store, host, repeatedOffenders: () => agentConfig.repeatedOffenders, offenderWindowMs: env.get('repeatOffenderWindowMs'), clock, scriptTimeoutMs }),
          deletes: new DeleteHandler({ store, host, scriptTimeoutMs }),
          clock,
          scriptTimeoutMs,
          signer,
        });
      },
    },
    CommandConsumer,
  ],
  exports: [CommandConsumer, ScriptHost],
})
export class ExecutionModule {}
