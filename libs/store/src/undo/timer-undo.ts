/**
 * The one undo path (issue 11, Deliver 2): claim → send → ack, or give the timers back. The scheduler's firing
 * and the control API's early unblock both run it, behind narrow ports, so a spec can pass object literals.
 *
 * Sends are isolated per agent: the whole claim is tried in one send first (the common case, one round trip);
 * when that fails, each agent's deletes are sent on their own, so one agent whose topic refuses them (deleted,
 * not authorised, anything) never holds back the deletes of the others. What could not be sent is released
 * (back at its own due time) or parked (back after a backoff that grows while that agent keeps failing).
 */
import type { OutgoingMessage } from '@riposte/contracts';
import type { ClaimOneResult, TimerRef } from '../timer.store';
import type { ClaimResult } from '../timer.store';
import type { ClaimedTimer, CorruptTimer, StoredTimer } from '../stored-timer';
import { groupByAgent, parkDelayMs, type AgentBatch, type ParkPolicy } from './undo-decisions';

/** Publishes messages; throws unless every one was published. */
export interface SendPort {
  send(messages: readonly OutgoingMessage[]): Promise<void>;
}

/** The timer store as the undo path uses it (`RedisTimerStore` is one). */
export interface UndoTimerPort {
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimResult>;
  claim(agentId: string, rkey: string, now: number, leaseMs: number): Promise<ClaimOneResult>;
  ack(timers: readonly TimerRef[], now: number): Promise<number>;
  release(timers: readonly (StoredTimer & Pick<TimerRef, 'id'>)[]): Promise<number>;
  park(timers: readonly Pick<TimerRef, 'id'>[], retryAt: number): Promise<number>;
}

export interface UndoPorts {
  readonly send: SendPort;
  readonly timers: UndoTimerPort;
  /** The messages that undo one timer: the signed delete and its audit (`buildDeleteMessages` + signer). */
  readonly messages: (timer: ClaimedTimer, now: number) => readonly OutgoingMessage[];
  readonly clock: () => number;
}

/** What becomes of the timers of an agent whose send failed. */
export type OnSendFailure = { readonly mode: 'release' } | { readonly mode: 'park'; readonly policy: ParkPolicy };

/** One agent whose deletes could not be sent. */
export interface AgentFailure {
  readonly agentId: string;
  readonly timers: readonly ClaimedTimer[];
  readonly error: unknown;
  /** Failed sends in a row for this agent (this instance's count). */
  readonly attempt: number;
  /** When parked: when its timers are claimable again (epoch ms). */
  readonly retryAt?: number;
}

export interface UndoReport {
  /** Timers whose delete was published (and acked, unless `ackError`). */
  readonly sent: readonly ClaimedTimer[];
  readonly failed: readonly AgentFailure[];
  /** Stored values that no longer decode (dropped). */
  readonly corrupt: readonly CorruptTimer[];
  /** The deletes are out but the ack failed: the leases hand the timers back, and a second delete is harmless. */
  readonly ackError?: unknown;
  /** When this round claimed (epoch ms). */
  readonly now: number;
}

export type FireOneResult = { readonly status: 'sent'; readonly timer: ClaimedTimer; readonly report: UndoReport } | { readonly status: 'failed'; readonly error: unknown } | { readonly status: 'missing' } | { readonly status: 'busy' };

/** Agents failing in a row, with none sent yet, after which the rest of a claim is not tried one by one. */
const GIVE_UP_AFTER = 3;

export class TimerUndo {
  /** Failed sends in a row, per agent, while it keeps failing. */
  private readonly failures = new Map<string, number>();

  constructor(private readonly ports: UndoPorts) {}

  /** Claims up to `limit` due timers and sends their deletes; failing agents are dealt with per `onFailure`. */
  async fireDue(limit: number, leaseMs: number, onFailure: OnSendFailure): Promise<UndoReport> {
    const now = this.ports.clock();
    const { timers, corrupt } = await this.ports.timers.claimDue(now, limit, leaseMs);
    if (corrupt.length > 0) await this.ports.timers.ack(corrupt, now);
    const report = await this.deliver(timers, now, onFailure);
    return { ...report, corrupt };
  }

  /** Claims one timer, due or not (an operator's early unblock), and sends its delete; on failure it is released. */
  async fireOne(agentId: string, rkey: string, leaseMs: number): Promise<FireOneResult> {
    const now = this.ports.clock();
    const claim = await this.ports.timers.claim(agentId, rkey, now, leaseMs);
    if (claim.status !== 'claimed') return claim;
    const report = { ...(await this.deliver([claim.timer], now, { mode: 'release' })), corrupt: [] };
    if (report.failed.length > 0) return { status: 'failed', error: report.failed[0].error };
    return { status: 'sent', timer: claim.timer, report };
  }

  /** Send → ack what went out; release or park what did not. */
  private async deliver(timers: readonly ClaimedTimer[], now: number, onFailure: OnSendFailure): Promise<Omit<UndoReport, 'corrupt'>> {
    if (timers.length === 0) return { sent: [], failed: [], now };
    const sent: ClaimedTimer[] = [];
    const failedBatches: { batch: AgentBatch; error: unknown }[] = [];
    const batches: AgentBatch[] = [];
    for (const batch of groupByAgent(timers)) {
      try {
        for (const t of batch.timers) batch.messages.push(...this.ports.messages(t, now));
        batches.push(batch);
      } catch (error) {
        // A delete that cannot be built or signed fails its agent only.
        failedBatches.push({ batch, error });
      }
    }
    const all = batches.flatMap((b) => b.messages);
    let together: unknown;
    if (batches.length > 0) {
      try {
        await this.ports.send.send(all);
        for (const b of batches) sent.push(...b.timers);
      } catch (error) {
        together = error;
      }
    }
    if (together !== undefined) {
      if (batches.length === 1) failedBatches.push({ batch: batches[0], error: together });
      else {
        let failedInARow = 0;
        for (const b of batches) {
          // Several agents in a row failing and none getting through: the broker refuses everything (down, or our
          // credentials): the others are given back untried rather than each waiting out its own failed send.
          if (sent.length === 0 && failedInARow >= GIVE_UP_AFTER) {
            failedBatches.push({ batch: b, error: failedBatches[failedBatches.length - 1].error });
            continue;
          }
          try {
            await this.ports.send.send(b.messages);
            sent.push(...b.timers);
            failedInARow = 0;
          } catch (error) {
            failedBatches.push({ batch: b, error });
            failedInARow++;
          }
        }
      }
    }
    let ackError: unknown;
    if (sent.length > 0) {
      for (const agentId of new Set(sent.map((t) => t.schedule.agentId))) this.failures.delete(agentId);
      try {
        await this.ports.timers.ack(sent, this.ports.clock());
      } catch (error) {
        ackError = error;
      }
    }
    const failed = await Promise.all(failedBatches.map(({ batch, error }) => this.giveBack(batch, error, now, onFailure)));
    return { sent, failed, now, ...(ackError !== undefined && { ackError }) };
  }

  private async giveBack(batch: AgentBatch, error: unknown, now: number, onFailure: OnSendFailure): Promise<AgentFailure> {
    const attempt = (this.failures.get(batch.agentId) ?? 0) + 1;
    // Should Redis fail here too, the lease expiry hands the timers back anyway.
    if (onFailure.mode === 'release') {
      await this.ports.timers.release(batch.timers).catch(() => undefined);
      return { agentId: batch.agentId, timers: batch.timers, error, attempt };
    }
    this.failures.set(batch.agentId, attempt);
    const retryAt = now + parkDelayMs(attempt, onFailure.policy);
    await this.ports.timers.park(batch.timers, retryAt).catch(() => undefined);
    return { agentId: batch.agentId, timers: batch.timers, error, attempt, retryAt };
  }
}
