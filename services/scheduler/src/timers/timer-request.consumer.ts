import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BusAdmin, CLOCK, type ConsumerHost, ConsumerHosts, type IncomingMessage, TOPICS } from '@riposte/bus';
import { assertNever, auditMessage, type Cancel, type Clock, groupIdsFor, HEADER, type OutgoingMessage, parseJson, type Schedule, TimerRequestV1, type Topics } from '@riposte/contracts';
import { RedisTimerStore } from '@riposte/store';
import { schedulerMetrics } from './scheduler.metrics';

/**
 * Consumes `topics.timers` in group `<namespace>.scheduler`: a `schedule` upserts the timer, a `cancel` removes
 * it; both audited with the request's trace id. A malformed request goes to the dead-letter topic (ConsumerHost).
 */
@Injectable()
export class TimerRequestConsumer implements OnApplicationBootstrap {
  private readonly log = new Logger(TimerRequestConsumer.name);
  private host?: ConsumerHost;

  constructor(
    private readonly hosts: ConsumerHosts,
    private readonly admin: BusAdmin,
    private readonly store: RedisTimerStore,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
    const traceId = message.headers[HEADER.traceId] || randomUUID();
    switch (request.type) {
      case 'schedule':
        return this.onSchedule(request, traceId);
      case 'cancel':
        return this.onCancel(request, traceId);
      default:
        return assertNever(request);
    }
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

  private async onCancel(c: Cancel, traceId: string): Promise<OutgoingMessage[]> {
    const now = this.clock();
    const removed = await this.store.cancel(c.agentId, c.rkey, now);
    schedulerMetrics.requests.inc({ type: 'cancel', outcome: removed ? 'cancelled' : 'missing' });
    if (!removed) return [];
    const s = removed.schedule;
    const event = {
      type: 'timer.cancelled' as const,
      at: now,
      service: 'scheduler',
      agentId: c.agentId,
      ...triggerFields(s.trigger),
      arName: s.arName,
      rkey: c.rkey,
      ...(c.actor !== undefined && { actor: c.actor }),
      detail: { generation: s.addedAt, dueAt: TimerRequestV1.dueAt(s) },
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
