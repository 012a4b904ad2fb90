import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AgentMessageGate, BusAdmin, CLOCK, type ConsumerHost, ConsumerHosts, type IncomingMessage, TOPICS } from '@riposte/bus';
import { auditMessage, type Clock, groupIdsFor, HEADER, type OutgoingMessage, parseJson, type Schedule, TimerRequestV1, type Topics } from '@riposte/contracts';
import { EnrolledAgents, RedisTimerStore } from '@riposte/store';
import { SchedulerConfig } from '../env';
import { schedulerMetrics } from './scheduler.metrics';

/**
 * Consumes `topics.timers` in group `<namespace>.scheduler`: parse → verify → schedule. A request is accepted only
 * when signed by the key enrolled for the agent it names (issue 10: otherwise any agent could schedule deletes on
 * another); a refused one is dead-lettered and audited as `timer.rejected`, a malformed one dead-lettered
 * (ConsumerHost). An accepted `schedule` upserts the timer, audited with the request's trace id.
 */
@Injectable()
export class TimerRequestConsumer implements OnApplicationBootstrap {
  private readonly log = new Logger(TimerRequestConsumer.name);
  private host?: ConsumerHost;
  private readonly gate: AgentMessageGate;

  constructor(
    private readonly hosts: ConsumerHosts,
    private readonly admin: BusAdmin,
    private readonly store: RedisTimerStore,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    enrolled: EnrolledAgents,
    config: SchedulerConfig,
  ) {
    this.gate = new AgentMessageGate({ enrolled, topics, clock, skewMs: config.get('agentClockSkewMs'), service: 'scheduler', rejectedType: 'timer.rejected' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const t = this.topics;
    await this.admin.ensureTopics([{ topic: t.timers }, { topic: t.dlq(t.timers) }, { topic: t.audit }]);
    this.host = this.hosts.create({ groupId: groupIdsFor(t.namespace).scheduler, topics: [t.timers], handle: (m) => this.handle(m) });
    await this.host.start();
  }

  /** Resolves once this instance has joined its consumer group. */
  get joined(): Promise<void> {
    return this.host?.joined ?? Promise.reject(new Error('consumer not started'));
  }

  async handle(message: IncomingMessage): Promise<OutgoingMessage[]> {
    const request = TimerRequestV1.parse(parseJson(message.value?.toString() ?? '', 'timer request'));
    await this.gate.admit(message, request.agentId);
    const traceId = message.headers[HEADER.traceId] || randomUUID();
    return this.onSchedule(request, traceId);
  }

  private async onSchedule(s: Schedule, traceId: string): Promise<OutgoingMessage[]> {
    const outcome = await this.store.schedule(s, traceId);
    schedulerMetrics.requests.inc({ type: 'schedule', outcome });
    if (outcome !== 'created' && outcome !== 'replaced') {
      // Redelivery or a late older request: the pending (or fired) generation stands.
      this.log.log({ msg: 'schedule ignored', outcome, agentId: s.agentId, rkey: s.rkey, addedAt: s.addedAt });
      return [];
    }
    const event = {
      type: 'timer.scheduled' as const,
      at: this.clock(),
      service: 'scheduler',
      agentId: s.agentId,
      ...triggerFields(s.trigger),
      arName: s.arName,
      rkey: s.rkey,
      detail: { outcome, generation: s.addedAt, timeoutSeconds: s.timeoutSeconds, dueAt: TimerRequestV1.dueAt(s) },
    };
    return [auditMessage(this.topics, event, { traceId })];
  }
}

function triggerFields(t: Schedule['trigger']) {
  return {
    ...(t.alertId !== undefined && { alertId: t.alertId }),
    ...(t.ruleId !== undefined && { ruleId: t.ruleId }),
    ...(t.actor !== undefined && { actor: t.actor }),
  };
}
