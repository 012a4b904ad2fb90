import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AgentHeartbeatV1, groupIdsFor, parseJson, type Topics } from '@riposte/contracts';
import { ConsumerHosts, TOPICS, type ConsumerHost, type IncomingMessage } from '@riposte/bus';
import { RedisAgentRegistry } from '@riposte/store';
import { matcherMetrics } from '../health/matcher.metrics';

/**
 * The registry writer: executors heartbeat on `topics.agents` because an agent host holds Kafka credentials for its
 * own topics only, never Redis ones; this consumer group (`<namespace>.registry`) writes each heartbeat to the
 * Redis agent registry that `all` responses and the control API read.
 */
@Injectable()
export class HeartbeatConsumer implements OnApplicationBootstrap {
  private host?: ConsumerHost;

  constructor(
    private readonly hosts: ConsumerHosts,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly registry: RedisAgentRegistry,
  ) {}

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
    // An older heartbeat than the stored one is ignored by the registry, so redelivery is harmless.
    await this.registry.record(heartbeat);
    matcherMetrics.heartbeats.inc();
  }
}
