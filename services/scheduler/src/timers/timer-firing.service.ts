import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type CommandSigner, errorFields, SIGNER, TOPICS } from '@riposte/bus';
import { auditMessage, buildDeleteMessages, type Clock, TimerRequestV1, type Topics } from '@riposte/contracts';
import { dueAtOf, nextWakeDelay, RedisTimerStore, TimerUndo, type AgentFailure, type OnSendFailure, type UndoReport } from '@riposte/store';
import { SchedulerConfig } from '../env';
import { FiringSender, rootMessage, sendFailureKind } from './firing-sender';
import { schedulerMetrics } from './scheduler.metrics';

/** Refresh the active-timers gauge at most this often (it counts every instance's timers). */
const GAUGE_EVERY_MS = 1000;
const MAX_BACKOFF_MS = 5000;
/** Rkeys named in one `timer.parked` audit event (the count says how many there were). */
const PARKED_RKEYS_SHOWN = 20;

/**
 * The firing loop (one per instance; instances share the work through atomic claims): every round it returns
 * expired leases to due, then runs the one undo path (`TimerUndo`: claim a batch → send the signed deletes and their
 * audits → ack) until nothing is due. An agent whose topic refuses its deletes is parked (metric, `timer.parked`
 * audit, retried with backoff) and every other agent's timers keep firing. It sleeps until the next due time,
 * capped by the tick, and stops on shutdown.
 */
@Injectable()
export class TimerFiringService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(TimerFiringService.name);
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly onFailure: OnSendFailure;
  private readonly undo: TimerUndo;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = true;
  private failures = 0;
  private gaugeAt = 0;

  constructor(
    private readonly store: RedisTimerStore,
    private readonly sender: FiringSender,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNER) signer: CommandSigner,
  ) {
    this.batch = config.get('batch');
    this.leaseMs = config.get('leaseMs');
    this.tickMs = config.get('tickMs');
    this.onFailure = { mode: 'park', policy: { baseMs: config.get('parkBaseMs'), maxMs: config.get('parkMaxMs') } };
    this.undo = new TimerUndo({ send: sender, timers: store, clock: () => this.clock(), messages: (t, now) => signer.sign(buildDeleteMessages(t, now, topics)) });
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.wakeIn(0);
  }

  /** Stops the loop and waits for the round in flight (its deletes are published and acked, or given back). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private wakeIn(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound();
    }, ms);
  }

  private async runRound(): Promise<void> {
    let delay: number;
    try {
      delay = await this.fireDue();
      this.failures = 0;
    } catch (error) {
      this.failures++;
      delay = Math.min(MAX_BACKOFF_MS, this.tickMs * 2 ** this.failures);
      this.log.error({ msg: 'firing round failed', attempt: this.failures, retryInMs: delay, ...errorFields(error) });
    }
    this.wakeIn(delay);
  }

  /** One round: reclaim, then claim and fire until nothing is due. Returns how long to sleep. */
  async fireDue(): Promise<number> {
    const reclaimed = await this.store.reclaimExpired(this.clock());
    if (reclaimed.length > 0) {
      schedulerMetrics.reclaimed.inc(reclaimed.length);
      this.log.warn({ msg: 'expired leases reclaimed', count: reclaimed.length });
    }
    for (;;) {
      const report = await this.undo.fireDue(this.batch, this.leaseMs, this.onFailure);
      await this.account(report);
      const claimed = report.sent.length + report.corrupt.length + report.failed.reduce((n, f) => n + f.timers.length, 0);
      // Nothing went out although something was claimed: Kafka itself is failing; back off like a failed round.
      if (report.sent.length === 0 && report.failed.length > 0) throw report.failed[0].error;
      if (this.stopped || claimed < this.batch) break;
    }
    await this.refreshGauge();
    return nextWakeDelay(await this.store.nextDueAt(), this.clock(), this.tickMs);
  }

  private async account(report: UndoReport): Promise<void> {
    if (report.corrupt.length > 0) this.log.error({ msg: 'undecodable timers dropped', ids: report.corrupt.map((c) => c.id), reason: report.corrupt[0].reason });
    if (report.ackError !== undefined) this.log.warn({ msg: 'deletes sent but the timers could not be removed (the lease returns them; a second delete is harmless)', ...errorFields(report.ackError) });
    if (report.sent.length > 0) {
      schedulerMetrics.fired.inc({ kind: 'due' }, report.sent.length);
      for (const t of report.sent) schedulerMetrics.lateness.observe(TimerRequestV1.latenessMs(dueAtOf(t), report.now) / 1000);
    }
    for (const f of report.failed) await this.parked(f, report.now);
  }

  /** A parked agent: counted, logged and audited once per failed attempt (not once per timer). */
  private async parked(f: AgentFailure, now: number): Promise<void> {
    const kind = sendFailureKind(f.error);
    const reason = rootMessage(f.error);
    schedulerMetrics.parked.inc({ reason: kind }, f.timers.length);
    this.sender.forget(this.topics.exec(f.agentId));
    this.log.warn({ msg: "agent's topic refused its deletes: timers parked", agentId: f.agentId, count: f.timers.length, attempt: f.attempt, retryAt: f.retryAt, kind, reason });
    const event = {
      type: 'timer.parked' as const,
      at: now,
      service: 'scheduler',
      agentId: f.agentId,
      reason: `${kind}: ${reason}`.slice(0, 500),
      detail: { count: f.timers.length, attempt: f.attempt, retryAt: f.retryAt, topic: this.topics.exec(f.agentId), rkeys: f.timers.slice(0, PARKED_RKEYS_SHOWN).map((t) => t.schedule.rkey) },
    };
    // Through the same fast-failing port: a broker that refuses everything must not hold the loop here either.
    await this.sender.send([auditMessage(this.topics, event, { traceId: f.timers[0].traceId })]).catch((error: unknown) => this.log.warn({ msg: 'parking audit not published', agentId: f.agentId, ...errorFields(error) }));
  }

  private async refreshGauge(): Promise<void> {
    const now = this.clock();
    if (now - this.gaugeAt < GAUGE_EVERY_MS) return;
    this.gaugeAt = now;
    schedulerMetrics.active.set(await this.store.count());
  }
}
