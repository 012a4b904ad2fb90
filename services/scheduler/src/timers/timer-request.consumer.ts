import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BusAdmin, CLOCK, type BatchOutcome, type ConsumerHost, ConsumerHosts, type IncomingMessage, TOPICS } from '@riposte/bus';
import { assertNever, auditMessage, type Cancel, type Clock, groupIdsFor, HEADER, isRetriable, type OutgoingMessage, parseJson, type Schedule, type TimerRequest, TimerRequestV1, type Topics } from '@riposte/contracts';
import { admitDueAt, RedisTimerStore, type ClockAllowance, type ScheduleItem, type ScheduleOutcome } from '@riposte/store';
import { SchedulerConfig } from '../env';
import { schedulerMetrics } from './scheduler.metrics';

/** A request that passed its contract, with what the store and the audit need from its message. */
interface Accepted {
  readonly request: TimerRequest;
  readonly traceId: string;
  /** The envelope's issued-at (the agent's clock), when present and a number. */
  readonly issuedAt?: number;
}

/** A margin under the command topics' retention: a timeout beyond it risks its delete outliving nothing. */
const RETENTION_MARGIN_MS = 3_600_000;

/**
 * Consumes `topics.timers` in group `<namespace>.scheduler`, one consumer batch at a time: parse each request (a
 * malformed one goes to the dead-letter topic), then ONE `scheduleMany` (one Lua round trip) for the schedules of
 * the batch, each with its due time admitted on the scheduler's clock (`admitDueAt`). A `reconcile: true` schedule
 * (an agent re-announcing a key it still holds) inserts a missing timer and re-fires one whose delete was lost.
 * What changed is audited with the request's trace id.
 */
@Injectable()
export class TimerRequestConsumer implements OnApplicationBootstrap {
  private readonly log = new Logger(TimerRequestConsumer.name);
  private readonly allowance: ClockAllowance;
  private readonly retentionMs: number;
  private readonly warnedLongTimeouts = new Set<string>();
  private host?: ConsumerHost;

  constructor(
    private readonly hosts: ConsumerHosts,
    private readonly admin: BusAdmin,
    private readonly store: RedisTimerStore,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.allowance = { skewMs: config.get('clockSkewMs'), maxLagMs: config.get('maxLagMs') };
    this.retentionMs = config.get('commandRetentionMs');
  }

  async onApplicationBootstrap(): Promise<void> {
    const t = this.topics;
    await this.admin.ensureTopics([{ topic: t.timers }, { topic: t.dlq(t.timers) }, { topic: t.audit }]);
    this.host = this.hosts.create({ groupId: groupIdsFor(t.namespace).scheduler, topics: [t.timers], handleBatch: (m) => this.handleBatch(m) });
    await this.host.start();
  }

  /** Resolves once this instance has joined its consumer group. */
  get joined(): Promise<void> {
    return this.host?.joined ?? Promise.reject(new Error('consumer not started'));
  }

  /** parse → (verify) → one scheduleMany per run of schedules, in order; a cancel in between is applied where it stands. */
  async handleBatch(messages: readonly IncomingMessage[]): Promise<BatchOutcome> {
    const receivedAt = this.clock();
    const produced: OutgoingMessage[] = [];
    const rejected: { message: IncomingMessage; reason: string }[] = [];
    let run: Accepted[] = [];
    const flush = async () => {
      if (run.length > 0) produced.push(...(await this.onSchedules(run, receivedAt)));
      run = [];
    };
    for (const message of messages) {
      let accepted: Accepted;
      try {
        accepted = this.accept(message);
      } catch (error) {
        if (isRetriable(error)) throw error;
        rejected.push({ message, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const r = accepted.request;
      switch (r.type) {
        case 'schedule':
          run.push(accepted);
          break;
        case 'cancel':
          await flush();
          produced.push(...(await this.onCancel(r, accepted.traceId)));
          break;
        default:
          assertNever(r);
      }
    }
    await flush();
    return { produced, rejected };
  }

  /** The request of one message, or a non-retriable error (→ dead-letter topic). */
  private accept(message: IncomingMessage): Accepted {
    const request = TimerRequestV1.parse(parseJson(message.value?.toString() ?? '', 'timer request'));
    const traceId = message.headers[HEADER.traceId] || randomUUID();
    const issuedAt = Number(message.headers[HEADER.issuedAt]);
    return { request, traceId, ...(Number.isSafeInteger(issuedAt) && issuedAt > 0 && { issuedAt }) };
  }

  private async onSchedules(run: readonly Accepted[], receivedAt: number): Promise<OutgoingMessage[]> {
    const items: (ScheduleItem & { schedule: Schedule; basis: string })[] = run.map(({ request, traceId, issuedAt }) => {
      const s = request as Schedule;
      const { dueAt, basis } = admitDueAt({ addedAt: s.addedAt, timeoutSeconds: s.timeoutSeconds, issuedAt, receivedAt }, this.allowance);
      if (basis !== 'agent-clock') schedulerMetrics.clockClamped.inc({ basis });
      this.warnLongTimeout(s);
      return { schedule: s, traceId, dueAt, basis };
    });
    const outcomes = await this.store.scheduleMany(items, receivedAt);
    const out: OutgoingMessage[] = [];
    items.forEach((item, i) => {
      const audit = this.onOutcome(item, outcomes[i], receivedAt);
      if (audit) out.push(audit);
    });
    return out;
  }

  private onOutcome(item: ScheduleItem & { schedule: Schedule; basis: string }, outcome: ScheduleOutcome, now: number): OutgoingMessage | undefined {
    const s = item.schedule;
    const reconcile = s.reconcile === true;
    schedulerMetrics.requests.inc({ type: reconcile ? 'reconcile' : 'schedule', outcome });
    if (outcome !== 'created' && outcome !== 'replaced' && outcome !== 'refired') {
      // Redelivery, a late older request, or a re-announcement of what is already pending: the stored state stands.
      const fields = { msg: 'schedule ignored', outcome, reconcile, agentId: s.agentId, rkey: s.rkey, addedAt: s.addedAt };
      if (reconcile) this.log.debug(fields);
      else this.log.log(fields);
      return undefined;
    }
    if (reconcile) this.log.warn({ msg: outcome === 'refired' ? 'reconcile: delete was lost, firing it again' : 'reconcile: timer was missing, restored', agentId: s.agentId, rkey: s.rkey, generation: s.addedAt });
    const event = {
      type: 'timer.scheduled' as const,
      at: now,
      service: 'scheduler',
      agentId: s.agentId,
      ...triggerFields(s.trigger),
      arName: s.arName,
      rkey: s.rkey,
      detail: { outcome, reconcile, generation: s.addedAt, timeoutSeconds: s.timeoutSeconds, dueAt: item.dueAt, clock: item.basis },
    };
    return auditMessage(this.topics, event, { traceId: item.traceId ?? randomUUID() });
  }

  private warnLongTimeout(s: Schedule): void {
    if (s.timeoutSeconds * 1000 <= this.retentionMs - RETENTION_MARGIN_MS || this.warnedLongTimeouts.has(s.arName)) return;
    this.warnedLongTimeouts.add(s.arName);
    this.log.warn({ msg: 'timeout close to or beyond the command topic retention (RIPOSTE_COMMAND_RETENTION_MS): an offline agent may miss its delete until the next reconcile', arName: s.arName, timeoutSeconds: s.timeoutSeconds, retentionMs: this.retentionMs });
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
      detail: { generation: s.addedAt, dueAt: removed.dueAt ?? TimerRequestV1.dueAt(s) },
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
