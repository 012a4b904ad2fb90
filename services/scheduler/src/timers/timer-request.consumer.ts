import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AgentMessageGate, BusAdmin, CLOCK, type BatchOutcome, type ConsumerHost, ConsumerHosts, type IncomingMessage, TOPICS } from '@riposte/bus';
import { auditMessage, type Clock, groupIdsFor, HEADER, isRetriable, MessageRefusedError, type OutgoingMessage, parseJson, type Schedule, TimerRequestV1, type Topics } from '@riposte/contracts';
import { admitDueAt, EnrolledAgents, RedisTimerStore, type ClockAllowance, type ScheduleItem, type ScheduleOutcome } from '@riposte/store';
import { SchedulerConfig } from '../env';
import { schedulerMetrics } from './scheduler.metrics';

/** A request that passed its contract, with what the store and the audit need from its message. */
interface Accepted {
  readonly request: Schedule;
  readonly traceId: string;
  /** The envelope's issued-at (the agent's clock), when present and a number. */
  readonly issuedAt?: number;
}

/** A margin under the command topics' retention: a timeout beyond it risks its delete outliving nothing. */
const RETENTION_MARGIN_MS = 3_600_000;

/**
 * Consumes `topics.timers` in group `<namespace>.scheduler`, one consumer batch at a time: parse and verify each
 * request — accepted only when signed by the key enrolled for the agent it names (issue 10: otherwise any agent
 * could schedule deletes on another); a refused one is dead-lettered and audited as `timer.rejected`, a malformed
 * one dead-lettered — then ONE `scheduleMany` (one Lua round trip) for the batch, each due time admitted on the
 * scheduler's clock (`admitDueAt`). A `reconcile: true` schedule (an agent re-announcing a key it still holds)
 * inserts a missing timer and re-fires one whose delete was lost. What changed is audited with the trace id.
 */
@Injectable()
export class TimerRequestConsumer implements OnApplicationBootstrap {
  private readonly log = new Logger(TimerRequestConsumer.name);
  private readonly allowance: ClockAllowance;
  private readonly retentionMs: number;
  private readonly warnedLongTimeouts = new Set<string>();
  private host?: ConsumerHost;
  private readonly gate: AgentMessageGate;

  constructor(
    private readonly hosts: ConsumerHosts,
    private readonly admin: BusAdmin,
    private readonly store: RedisTimerStore,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    enrolled: EnrolledAgents,
  ) {
    this.allowance = { skewMs: config.get('clockSkewMs'), maxLagMs: config.get('maxLagMs') };
    this.retentionMs = config.get('commandRetentionMs');
    this.gate = new AgentMessageGate({ enrolled, topics, clock, skewMs: config.get('agentClockSkewMs'), service: 'scheduler', rejectedType: 'timer.rejected' });
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

  /** parse → verify → one scheduleMany for the batch, in order. */
  async handleBatch(messages: readonly IncomingMessage[]): Promise<BatchOutcome> {
    const receivedAt = this.clock();
    const produced: OutgoingMessage[] = [];
    const rejected: { message: IncomingMessage; reason: string }[] = [];
    const accepted: Accepted[] = [];
    for (const message of messages) {
      try {
        accepted.push(await this.accept(message));
      } catch (error) {
        if (isRetriable(error)) throw error;
        // A refusal that must be known (its audit event) is published with the dead letter.
        if (error instanceof MessageRefusedError) produced.push(...error.publish);
        rejected.push({ message, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (accepted.length > 0) produced.push(...(await this.onSchedules(accepted, receivedAt)));
    return { produced, rejected };
  }

  /** The verified request of one message, or a non-retriable error (→ dead-letter topic). */
  private async accept(message: IncomingMessage): Promise<Accepted> {
    const request = TimerRequestV1.parse(parseJson(message.value?.toString() ?? '', 'timer request'));
    await this.gate.admit(message, request.agentId);
    const traceId = message.headers[HEADER.traceId] || randomUUID();
    const issuedAt = Number(message.headers[HEADER.issuedAt]);
    return { request, traceId, ...(Number.isSafeInteger(issuedAt) && issuedAt > 0 && { issuedAt }) };
  }

  private async onSchedules(run: readonly Accepted[], receivedAt: number): Promise<OutgoingMessage[]> {
    const items: (ScheduleItem & { schedule: Schedule; basis: string })[] = run.map(({ request, traceId, issuedAt }) => {
      const s = request;
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
}

function triggerFields(t: Schedule['trigger']) {
  return {
    ...(t.alertId !== undefined && { alertId: t.alertId }),
    ...(t.ruleId !== undefined && { ruleId: t.ruleId }),
    ...(t.actor !== undefined && { actor: t.actor }),
  };
}
