import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { groupIdsFor, type Topics } from '@riposte/contracts';
import { BusAdmin, ConsumerHosts, errorFields, TOPICS, type ConsumerHost } from '@riposte/bus';
import { EXECUTOR_ENV, type ExecutorEnv } from '../env';
import { LocalStateStore } from '../state/local-state.store';
import { CommandGate } from '../verification/command-gate';
import { ExecutionService } from './execution.service';

/** Session timeout of the executor's group membership (the consumer host heartbeats while a script runs). */
const SESSION_MS = 10_000;

/** Longest time what finished commands produced waits for its publication and offset commit. */
export const FLUSH_INTERVAL_MS = 50;

/**
 * Consumes this agent's own command topic (group `<namespace>.executor.<agentId>`, from the beginning the first
 * time) and hands each command to the {@link ExecutionService}. Commands that waited while the agent was offline
 * are simply the backlog (deviation d). A graceful stop leaves the group and runs no delete (deviation c).
 */
@Injectable()
export class CommandConsumer implements OnApplicationBootstrap {
  private readonly log = new Logger(CommandConsumer.name);
  private host?: ConsumerHost;

  constructor(
    private readonly hosts: ConsumerHosts,
    private readonly admin: BusAdmin,
    private readonly execution: ExecutionService,
    private readonly store: LocalStateStore,
    private readonly gate: CommandGate,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(EXECUTOR_ENV) private readonly env: ExecutorEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const agentId = this.env.get('agentId');
    const own = this.topics.exec(agentId);
    await this.admin.ensureTopics([{ topic: own }, { topic: this.topics.dlq(own) }]);
    // The shared topics belong to the central services; an agent's credentials may not allow creating them.
    await this.admin.ensureTopics([{ topic: this.topics.timers }, { topic: this.topics.agents }, { topic: this.topics.audit }]).catch((error: unknown) => {
      this.log.warn({ msg: 'shared topics not checked', ...errorFields(error) });
    });
    // The consumer host heartbeats while a script runs, so a short session suffices: a crashed executor's topic
    // is free again within it.
    const session = SESSION_MS;
    this.host = this.hosts.create({
      groupId: groupIdsFor(this.topics.namespace).executor(agentId),
      topics: [own],
      fromBeginning: true,
      sessionTimeout: session,
      rebalanceTimeout: session,
      heartbeatInterval: 1000,
      // Group commit: the timer requests and audit of a whole Kafka batch are published in one send and its offset
      // committed once, after one fsync of the local state (saves write without one). Flushed every
      // FLUSH_INTERVAL_MS too, also while a script runs: a slow or hanging script never holds back what earlier
      // commands did for longer than that. Order kept: outputs published → state fsynced → accepted message ids
      // remembered and fsynced (replay memory) → offset committed.
      flushEvery: 1000,
      flushIntervalMs: FLUSH_INTERVAL_MS,
      beforeCommit: async (position) => {
        await this.store.sync();
        await this.gate.commit(position);
      },
      handle: (message) => this.execution.handle(message),
    });
    await this.host.start();
  }

  /** Resolves once the consumer has joined its group (tests, health). */
  joined(): Promise<void> {
    return this.host?.joined ?? Promise.reject(new Error('consumer not started'));
  }
}
