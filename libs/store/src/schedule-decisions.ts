/**
 * The plain decisions of the timer store and the scheduler loop (house style §3: time is an argument).
 * No Redis, no clock, no timers here.
 */
import { TimerRequestV1, type Trigger } from '@riposte/contracts';
import type { StoredTimer } from './stored-timer';

/** A timer's identity: Wazuh keeps one pending entry per rkey, and we keep one per agent and rkey. */
export function timerId(agentId: string, rkey: string): string {
  return `${agentId}:${rkey}`;
}

/** The inverse of {@link timerId}. Agent ids are digits, so the first `:` separates them from the rkey. */
export function splitTimerId(id: string): { agentId: string; rkey: string } {
  const at = id.indexOf(':');
  if (at <= 0) throw new Error(`invalid timer id '${id}'`);
  return { agentId: id.slice(0, at), rkey: id.slice(at + 1) };
}

/**
 * Due (epoch ms) of a stored timer: the time the scheduler admitted (`admitDueAt`), else Wazuh's
 * `now - added > timeout` on the schedule (spec §3.3).
 */
export function dueAtOf(t: StoredTimer): number {
  return t.dueAt ?? TimerRequestV1.dueAt(t.schedule);
}

/** True when the timer may fire at `now`. `dueAt` already holds Wazuh's strict `>` (+1 ms). */
export function isDue(timer: { dueAt: number }, now: number): boolean {
  return now >= timer.dueAt;
}

/** Time left before the timer fires, in ms (0 once due). */
export function remainingMs(dueAt: number, now: number): number {
  return Math.max(0, dueAt - now);
}

/** Lease expiry (epoch ms) for a claim made at `now`. */
export function leaseExpiry(now: number, leaseMs: number): number {
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) throw new Error(`lease must be a positive integer of ms, got ${leaseMs}`);
  return now + leaseMs;
}

/**
 * How long the scheduler loop sleeps: until the next due time, capped by `maxMs` (timers scheduled meanwhile,
 * by this or another instance, are then seen within `maxMs`). `null` = nothing scheduled.
 */
export function nextWakeDelay(nextDueAt: number | null, now: number, maxMs: number): number {
  if (nextDueAt === null) return maxMs;
  return Math.min(maxMs, Math.max(0, nextDueAt - now));
}

/** A pending timer as the control API and operators see it. */
export interface TimerView {
  readonly agentId: string;
  readonly rkey: string;
  readonly arName: string;
  readonly keys: readonly string[];
  /** Epoch ms of the (re)addition (`addedAt`). */
  readonly started: number;
  /** Epoch ms when the delete fires (the due time). */
  readonly expires: number;
  readonly remainingMs: number;
  readonly timeoutSeconds: number;
  readonly trigger: Trigger;
  readonly traceId: string;
}

/** The operator's view of a stored timer at `now`. */
export function toTimerView(t: StoredTimer, now: number): TimerView {
  const s = t.schedule;
  const expires = dueAtOf(t);
  return {
    agentId: s.agentId,
    rkey: s.rkey,
    arName: s.arName,
    keys: s.keys,
    started: s.addedAt,
    expires,
    remainingMs: remainingMs(expires, now),
    timeoutSeconds: s.timeoutSeconds,
    trigger: s.trigger,
    traceId: t.traceId,
  };
}

/** Filters of `list`; every given field must match exactly. */
export interface TimerFilter {
  readonly agentId?: string;
  readonly rkey?: string;
  readonly arName?: string;
}

/** True when the timer passes every given filter. */
export function matchesTimerFilter(t: StoredTimer, f: TimerFilter): boolean {
  const s = t.schedule;
  return (f.agentId === undefined || s.agentId === f.agentId) && (f.rkey === undefined || s.rkey === f.rkey) && (f.arName === undefined || s.arName === f.arName);
}
