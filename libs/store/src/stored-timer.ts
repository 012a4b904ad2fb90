/**
 * What the timer store keeps per timer: the whole schedule request and the trace id it arrived with, so the
 * delete fired later carries the trace of the alert that caused the block.
 */
import { z } from 'zod';
import { parseJson, parseWith, TimerRequestV1, type Schedule } from '@riposte/contracts';

/** A pending timer as the store keeps it. */
export interface StoredTimer {
  readonly schedule: Schedule;
  /** The trace id of the schedule request (one alert keeps one trace id through every topic). */
  readonly traceId: string;
  /**
   * The due time the scheduler admitted on its own clock (`admitDueAt`); absent in timers stored before it
   * existed, whose due time is the schedule's.
   */
  readonly dueAt?: number;
}

/** A timer taken by one scheduler instance, to publish its delete and then `ack` it. */
export interface ClaimedTimer extends StoredTimer {
  /** `<agentId>:<rkey>` */
  readonly id: string;
  /** The schedule's `addedAt`: `ack` removes the timer only if it still has this generation. */
  readonly generation: number;
}

/** A stored value that no longer decodes; returned so the caller can log it and `ack` it away. */
export interface CorruptTimer {
  readonly id: string;
  readonly generation: number;
  readonly reason: string;
}

const StoredTimerSchema = z.object({ traceId: z.string().min(1), schedule: TimerRequestV1.ScheduleSchema, dueAt: z.number().int().nonnegative().optional() });

/** The stored form (JSON) of a timer. */
export function encodeStoredTimer(t: StoredTimer): string {
  // The reconcile flag says how the request came, not what the timer is.
  const { reconcile: _reconcile, ...schedule } = t.schedule;
  return JSON.stringify({ traceId: t.traceId, schedule, ...(t.dueAt !== undefined && { dueAt: t.dueAt }) });
}

/** Decodes a stored value; throws ContractViolationError when it is not one. */
export function decodeStoredTimer(text: string): StoredTimer {
  return parseWith(StoredTimerSchema, 'stored timer', parseJson(text, 'stored timer'));
}
