import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AgentHeartbeatV1, groupIdsFor, parseJson, type Clock, type Topics } from '@riposte/contracts';
import { AgentMessageGate, CLOCK, ConsumerHosts, TOPICS, type ConsumerHost, type IncomingMessage } from '@riposte/bus';
import { EnrolledAgents, RedisAgentRegistry } from '@riposte/store';
import { MatcherEnv } from '../env';
import { matcherMetrics } from '../health/matcher.metrics';
import { boundHeartbeat } from './bound-heartbeat';

/**
 * The registry writer: executors heartbeat on `topics.agents` because an agent host holds Kafka credentials for its
 * own topics only, never Redis ones; this consumer group (`<namespace>.registry`) writes each heartbeat to the
 * Redis agent registry that `all` responses and the control API read. Only heartbeats signed by the key enrolled
 * for the agent they name are written (issue 10), with `at` clamped to the receive time and the TTL capped;
 * any other is dead-lettered and audited as `heartbeat.rejected`.
 */
@Injectable()
export class HeartbeatConsumer implements OnApplicationBootstrap {
  private host?: ConsumerHost;
  private readonly gate: AgentMessageGate;
  private readonly maxTtlMs: number;

  constructor(
    private readonly hosts: ConsumerHosts,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly registry: RedisAgentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    enrolled: EnrolledAgents,
    env: MatcherEnv,
  ) {
    this.gate = new AgentMessageGate({ enrolled, topics, clock, skewMs: env.get('agentClockSkewMs'), service: 'matcher', rejectedType: 'heartbeat.rejected' });
    this.maxTtlMs = env.get('MATCHER_HEARTBEAT_MAX_TTL_MS');
  }

  /** Resolves once this member has joined its group. */
  get joined(): Promise<void> {
    return this.host?.joined ?? Promise.reject(new Error('heartbeat consumer not started'));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.host = this.hosts.create({
      groupId: groupIdsFor(this.topics.namespace).registry,
      topics: [this.topics.agents],
      handle: (m) => this.onHeartbeat(m),
    });
    await this.host.start();
  }

  private async onHeartbeat(msg: IncomingMessage): Promise<void> {
    const heartbeat = AgentHeartbeatV1.parse(parseJson(msg.value?.toString('utf8') ?? '', 'agent heartbeat'));
    await this.gate.admit(msg, heartbeat.agentId);
    // An older heartbeat than the stored one is ignored by the registry, so redelivery is harmless.
    await this.registry.record(boundHeartbeat(heartbeat, this.clock(), this.maxTtlMs));
    matcherMetrics.heartbeats.inc();
  }
}
