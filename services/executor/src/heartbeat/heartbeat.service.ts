import * as os from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type AgentHeartbeat, type Clock, createEnvelope, type Topics, withEnvelope } from '@riposte/contracts';
import { AGENT_SIGNER, BusProducer, CLOCK, errorFields, TOPICS, type AgentSigner } from '@riposte/bus';
import { AGENT_AR_CONFIG, type AgentArConfig } from '../config/agent-config';
import { EXECUTOR_ENV, type ExecutorEnv } from '../env';
import { version } from '../../package.json';

/** Envelope type of the heartbeats. */
export const TYPE_HEARTBEAT = 'agent.heartbeat';

/**
 * Announces the executor on `topics.agents` and heartbeats every `EXECUTOR_HEARTBEAT_MS`; the registry counts it
 * active for three periods. On a graceful stop it says `stopping` (after the consumer has left its group). Each
 * heartbeat is signed with the agent's key: the registry drops those of a key not enrolled for this agent.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(HeartbeatService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly producer: BusProducer,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(EXECUTOR_ENV) private readonly env: ExecutorEnv,
    @Inject(AGENT_AR_CONFIG) private readonly arConfig: AgentArConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_SIGNER) private readonly signer: AgentSigner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A missed heartbeat is not fatal: the next one follows within a period (the topic may not exist quite yet).
    const beat = () => this.send('online').catch((error: unknown) => this.log.warn({ msg: 'heartbeat not sent', ...errorFields(error) }));
    await beat();
    this.timer = setInterval(() => void beat(), this.env.get('heartbeatMs'));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.send('stopping').catch((error: unknown) => this.log.warn({ msg: 'stopping heartbeat not sent', ...errorFields(error) }));
  }

  /** The heartbeat as published now. */
  heartbeat(status: AgentHeartbeat['status']): AgentHeartbeat {
    return {
      agentId: this.env.get('agentId'),
      name: this.env.get('name'),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      version,
      status,
      arDisabled: this.arConfig.disabled,
      at: this.clock(),
      ttlMs: 3 * this.env.get('heartbeatMs'),
    };
  }

  private async send(status: AgentHeartbeat['status']): Promise<void> {
    const value = this.heartbeat(status);
    const envelope = createEnvelope({ now: value.at, type: TYPE_HEARTBEAT, ttlMs: value.ttlMs });
    await this.producer.send(this.signer.sign([withEnvelope(this.topics.agents, value.agentId, value, envelope)]));
  }
}
