import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { BusAdmin, BusProducer, CLOCK, type CommandSigner, errorFields, SIGNER, TOPICS } from '@riposte/bus';
import { buildDeleteMessages, type Clock, type OutgoingMessage, TimerRequestV1, type Topics } from '@riposte/contracts';
import { dueAtOf, nextWakeDelay, RedisTimerStore, type ClaimedTimer } from '@riposte/store';
import { SchedulerConfig } from '../env';
import { schedulerMetrics } from './scheduler.metrics';

/** Refresh the active-timers gauge at most this often (it counts every instance's timers). */
const GAUGE_EVERY_MS = 1000;
const MAX_BACKOFF_MS = 5000;

/**
 * The firing loop (one per instance; instances share the work through atomic claims): every round it returns
 * expired leases to due, claims due timers in batches, publishes each signed delete and its audit in ONE producer
 * send, and only then acks. It sleeps until the next due time, capped by the tick, and stops on shutdown.
 */
@Injectable()
export class TimerFiringService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(TimerFiringService.name);
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly knownTopics = new Set<string>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = true;
  private failures = 0;
  private gaugeAt = 0;

  constructor(
    private readonly store: RedisTimerStore,
    private readonly producer: BusProducer,
    private readonly admin: BusAdmin,
    config: SchedulerConfig,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SIGNER) private readonly signer: CommandSigner,
  ) {
    this.batch = config.get('batch');
    this.leaseMs = config.get('leaseMs');
    this.tickMs = config.get('tickMs');
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.wakeIn(0);
  }

  /** Stops the loop and waits for the round in flight (its deletes are published and acked, or released). */
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

  /** One round: reclaim, claim and fire until nothing is due. Returns how long to sleep. */
  async fireDue(): Promise<number> {
    const reclaimed = await this.store.reclaimExpired(this.clock());
    if (reclaimed.length > 0) {
      schedulerMetrics.reclaimed.inc(reclaimed.length);
      this.log.warn({ msg: 'expired leases reclaimed', count: reclaimed.length });
    }
    for (;;) {
      const { timers, corrupt } = await this.store.claimDue(this.clock(), this.batch, this.leaseMs);
      if (corrupt.length > 0) {
        this.log.error({ msg: 'undecodable timers dropped', ids: corrupt.map((c) => c.id), reason: corrupt[0].reason });
        await this.store.ack(corrupt, this.clock());
      }
      if (timers.length > 0) await this.publish(timers, 'due');
      if (this.stopped || timers.length + corrupt.length < this.batch) break;
    }
    await this.refreshGauge();
    return nextWakeDelay(await this.store.nextDueAt(), this.clock(), this.tickMs);
  }

  private async publish(timers: ClaimedTimer[], kind: 'due'): Promise<void> {
    const now = this.clock();
    const messages: OutgoingMessage[] = this.signer.sign(timers.flatMap((t) => buildDeleteMessages(t, now, this.topics)));
    try {
      await this.ensureTopics(messages);
      await this.producer.send(messages);
    } catch (error) {
      // Not published: give the claims back now rather than after the lease. Should Redis fail as well, the
      // lease expiry returns them; the publish error is the one reported.
      await this.store.release(timers).catch(() => undefined);
      throw error;
    }
    await this.store.ack(timers, this.clock());
    schedulerMetrics.fired.inc({ kind }, timers.length);
    for (const t of timers) schedulerMetrics.lateness.observe(TimerRequestV1.latenessMs(dueAtOf(t), now) / 1000);
  }

  /** The producer never creates topics: an agent's command topic is created here if its executor has not yet. */
  private async ensureTopics(messages: readonly OutgoingMessage[]): Promise<void> {
    const missing = [...new Set(messages.map((m) => m.topic))].filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    await this.admin.ensureTopics(missing.map((topic) => ({ topic })));
    for (const t of missing) this.knownTopics.add(t);
  }

  private async refreshGauge(): Promise<void> {
    const now = this.clock();
    if (now - this.gaugeAt < GAUGE_EVERY_MS) return;
    this.gaugeAt = now;
    schedulerMetrics.active.set(await this.store.count());
  }
}
