import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock, Topics } from '@riposte/contracts';
import { AGENT_SIGNER, BusProducer, CLOCK, counter, errorFields, TOPICS, type AgentSigner } from '@riposte/bus';
import { EXECUTOR_ENV, type ExecutorEnv } from '../env';
import { Outbox } from '../execution/outbox';
import { scheduleFor } from '../execution/timer-request';
import { LocalStateStore } from '../state/local-state.store';

/** Timer requests per send: one produce request of a few MiB at most. */
export const RECONCILE_BATCH = 500;

/** After a failed re-announce, the next attempt comes this soon (or at the period, if shorter). */
const RETRY_MS = 10_000;

const announced = counter('riposte_executor_reconciled_total', 'Active keys re-announced to the scheduler');

/**
 * Reconciliation, the executor's side (issue 11): at boot and every `EXECUTOR_RECONCILE_MS`, every active key is
 * re-announced as an ordinary `schedule` timer request with `reconcile: true` — "still active here with this
 * generation". The scheduler inserts a timer it lacks and fires one already due or already retired, so a timer
 * request lost to a crash between the add and its flush, a Redis flush, or a delete lost to retention never leaves a
 * block in place for longer than one period past its due time. Expired offender counts are pruned on the same tick.
 */
@Injectable()
export class ReconcileService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ReconcileService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly producer: BusProducer,
    private readonly store: LocalStateStore,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(EXECUTOR_ENV) private readonly env: ExecutorEnv,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENT_SIGNER) private readonly signer: AgentSigner,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a broker that is slow at boot must not hold the command consumer back.
    this.tick(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Re-announces every active key now, in batches; resolves with how many. One run at a time. */
  reconcile(): Promise<number> {
    this.running ??= this.announceAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private tick(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.reconcile().then(
        () => this.next(this.env.get('reconcileMs')),
        (error: unknown) => {
          this.log.warn({ msg: 'active keys not re-announced', agentId: this.env.get('agentId'), ...errorFields(error) });
          this.next(Math.min(RETRY_MS, this.env.get('reconcileMs')));
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private next(delayMs: number): void {
    if (!this.stopped) this.tick(delayMs);
  }

  private async announceAll(): Promise<number> {
    const agentId = this.env.get('agentId');
    const now = this.clock();
    this.store.prune(now);
    const cause = { traceId: `reconcile:${agentId}:${now}` };
    let out = new Outbox(this.topics, agentId, cause, this.clock);
    let total = 0;
    // Iterated lazily: a key restarted while an earlier batch is sent is announced with its newer generation.
    for (const [rkey, active] of this.store.active()) {
      out.schedule(scheduleFor(agentId, rkey, active, { reconcile: true }));
      if (out.messages.length >= RECONCILE_BATCH) {
        total += await this.send(out);
        out = new Outbox(this.topics, agentId, cause, this.clock);
      }
    }
    total += await this.send(out);
    this.log.debug({ msg: 'active keys re-announced', agentId, count: total });
    return total;
  }

  private async send(out: Outbox): Promise<number> {
    if (out.messages.length === 0) return 0;
    // Signed as every timer request: the scheduler drops what the agent's enrolled key did not sign.
    await this.producer.send(this.signer.sign(out.messages));
    announced.inc(out.messages.length);
    return out.messages.length;
  }
}
