import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TimerRequestV1, type Schedule } from '@riposte/contracts';
import { runScript } from './run-script';
import { dueAtOf, leaseExpiry, matchesTimerFilter, timerId, toTimerView, type TimerFilter, type TimerView } from './schedule-decisions';
import { withRedis } from './store-errors';
import type { StoreKeys } from './store-keys';
import { decodeStoredTimer, encodeStoredTimer, type ClaimedTimer, type CorruptTimer, type StoredTimer } from './stored-timer';

/** What a schedule did (results, not errors: redelivery is normal). */
export type ScheduleOutcome = 'created' | 'replaced' | 'duplicate' | 'stale' | 'retired' | 'refired';
const OUTCOMES: Record<number, ScheduleOutcome> = { 0: 'duplicate', 1: 'created', 2: 'replaced', 3: 'stale', 4: 'retired', 5: 'refired' };

/** One schedule of a `scheduleMany` batch. */
export interface ScheduleItem {
  readonly schedule: Schedule;
  /** The request's trace id; a new one when absent. */
  readonly traceId?: string;
  /** The due time admitted on the scheduler's clock (`admitDueAt`); else the schedule's own. */
  readonly dueAt?: number;
}

/** What `claimDue` took. */
export interface ClaimResult {
  readonly timers: ClaimedTimer[];
  /** Stored values that no longer decode: log them and `ack` them away. */
  readonly corrupt: CorruptTimer[];
}

/** What `claim` (fire now) found: the timer, none, or an instance already firing it. */
export type ClaimOneResult =
  | { readonly status: 'claimed'; readonly timer: ClaimedTimer }
  | { readonly status: 'missing' }
  | { readonly status: 'busy' };

/** A timer and the generation that was fired. */
export interface TimerRef {
  readonly id: string;
  readonly generation: number;
}

/** Options of {@link RedisTimerStore}. */
export interface TimerStoreOptions {
  /**
   * How long a fired or cancelled generation is remembered, so a redelivered schedule of it is ignored
   * instead of firing the delete again. In ms. @defaultValue 86_400_000 (one day)
   */
  readonly retiredRetentionMs?: number;
  /**
   * A reconcile re-fires a retired generation only once it was retired this long ago: before that, its delete
   * may still be queued on the agent's topic behind the announcement. In ms. @defaultValue 60_000
   */
  readonly refireGraceMs?: number;
}

/** Items per script call in `scheduleMany` (4 arguments each, far below Lua's unpack limit). */
const SCHEDULE_CHUNK = 1000;
/** Claims per script call: the scripts `unpack` the ids, which Lua's stack bounds. */
export const MAX_CLAIM = 5000;

/**
 * The durable timers of stateful responses (deviation b): one per agent and rkey, atomic Lua for every write,
 * at-least-once firing with leases. Several scheduler instances may share one store.
 */
export class RedisTimerStore {
  private readonly retentionMs: number;
  private readonly refireGraceMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: StoreKeys,
    options: TimerStoreOptions = {},
  ) {
    this.retentionMs = options.retiredRetentionMs ?? 86_400_000;
    this.refireGraceMs = options.refireGraceMs ?? 60_000;
  }

  private get k() {
    return this.keys.timers;
  }

  /** Upsert (see `scheduleMany`). */
  async schedule(schedule: Schedule, traceId?: string, now = Date.now()): Promise<ScheduleOutcome> {
    const [outcome] = await this.scheduleMany([{ schedule, traceId }], now);
    return outcome;
  }

  /**
   * Stores each schedule with its due time (`TimerRequestV1.dueAt`). A newer `addedAt` for the same agent and
   * rkey replaces the pending timer (Wazuh's abort path); an older or equal one, or one already fired or
   * cancelled, changes nothing. A `reconcile: true` schedule of a retired generation (retired at least
   * `refireGraceMs` before `now`) is stored again, due at once: the agent still holds it, so its delete was lost.
   * One round trip per 1,000 items.
   */
  async scheduleMany(items: readonly ScheduleItem[], now = Date.now()): Promise<ScheduleOutcome[]> {
    const out: ScheduleOutcome[] = [];
    for (let i = 0; i < items.length; i += SCHEDULE_CHUNK) {
      const args: (string | number)[] = [now, now - this.refireGraceMs];
      for (const { schedule: s, traceId, dueAt } of items.slice(i, i + SCHEDULE_CHUNK)) {
        const stored = encodeStoredTimer({ schedule: s, traceId: traceId ?? randomUUID(), ...(dueAt !== undefined && { dueAt }) });
        args.push(timerId(s.agentId, s.rkey), s.addedAt, dueAt ?? TimerRequestV1.dueAt(s), stored, s.reconcile ? 1 : 0);
      }
      const k = this.k;
      const codes = (await runScript(this.redis, 'scheduleTimers', [k.due, k.claimed, k.payload, k.generation, k.retired, k.retiredAt], args)) as number[];
      out.push(...codes.map((c) => OUTCOMES[c]));
    }
    return out;
  }

  /**
   * Moves up to `limit` timers due at `now` to the claimed set with a lease of `leaseMs`, and returns them.
   * Concurrent callers never get the same timer; one whose claimer dies comes back through `reclaimExpired`.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimResult> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CLAIM) throw new RangeError(`claim limit must be 1..${MAX_CLAIM}, got ${limit}`);
    const k = this.k;
    const flat = (await runScript(this.redis, 'claimDue', [k.due, k.claimed, k.payload, k.generation], [now, limit, leaseExpiry(now, leaseMs)])) as string[];
    const timers: ClaimedTimer[] = [];
    const corrupt: CorruptTimer[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const claimed = decodeClaimed(flat[i], flat[i + 1], flat[i + 2]);
      if ('reason' in claimed) corrupt.push(claimed);
      else timers.push(claimed);
    }
    return { timers, corrupt };
  }

  /** Claims one timer whether due or not (an operator's "fire now"), with a lease like `claimDue`. */
  async claim(agentId: string, rkey: string, now: number, leaseMs: number): Promise<ClaimOneResult> {
    const k = this.k;
    const reply = (await runScript(this.redis, 'claimTimer', [k.due, k.claimed, k.payload, k.generation], [timerId(agentId, rkey), leaseExpiry(now, leaseMs)])) as [number, string?, string?];
    if (reply[0] === 0) return { status: 'missing' };
    if (reply[0] === 2) return { status: 'busy' };
    const claimed = decodeClaimed(timerId(agentId, rkey), reply[1]!, reply[2]!);
    if ('reason' in claimed) {
      await this.ack([claimed], now);
      return { status: 'missing' };
    }
    return { status: 'claimed', timer: claimed };
  }

  /** Returns timers whose lease expired before `now` to due (their claimer died): at-least-once. Returns their ids. */
  async reclaimExpired(now: number, limit = 1000): Promise<string[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CLAIM) throw new RangeError(`reclaim limit must be 1..${MAX_CLAIM}, got ${limit}`);
    return (await runScript(this.redis, 'reclaimExpired', [this.k.claimed, this.k.due], [now, limit])) as string[];
  }

  /**
   * Gives claimed timers back at once, at their own due time (their delete could not be published), so a
   * timer an operator failed to fire now still waits for its timeout.
   */
  async release(timers: readonly (StoredTimer & Pick<TimerRef, 'id'>)[]): Promise<number> {
    if (timers.length === 0) return 0;
    const args = timers.flatMap((t) => [t.id, dueAtOf(t)]);
    return (await runScript(this.redis, 'releaseTimers', [this.k.claimed, this.k.due], args)) as number;
  }

  /**
   * Puts claimed timers back to wait until `retryAt` (their agent's topic refused the delete): kept, and claimed
   * again only then, so they never hold up the timers of other agents. Their own due time is kept in the payload.
   */
  async park(timers: readonly Pick<TimerRef, 'id'>[], retryAt: number): Promise<number> {
    if (timers.length === 0) return 0;
    const args = timers.flatMap((t) => [t.id, retryAt]);
    return (await runScript(this.redis, 'releaseTimers', [this.k.claimed, this.k.due], args)) as number;
  }

  /**
   * After the delete was published: removes each timer unless it was re-scheduled meanwhile (a newer
   * generation stays). Returns how many were removed.
   */
  async ack(timers: readonly TimerRef[], now: number): Promise<number> {
    if (timers.length === 0) return 0;
    const k = this.k;
    const args: (string | number)[] = [now, now - this.retentionMs];
    for (const t of timers) args.push(t.id, t.generation);
    return (await runScript(this.redis, 'ackTimers', [k.due, k.claimed, k.payload, k.generation, k.retired, k.retiredAt], args)) as number;
  }

  async get(agentId: string, rkey: string): Promise<StoredTimer | null> {
    const payload = await withRedis('get timer', () => this.redis.hget(this.k.payload, timerId(agentId, rkey)));
    return payload === null ? null : decodeStoredTimer(payload);
  }

  /**
   * Pending timers (including those being fired), soonest first, seen at `now`. Every given filter must match.
   * A value that no longer decodes is left out here; the firing loop reports and removes it.
   */
  async list(filter: TimerFilter, now: number): Promise<TimerView[]> {
    if (filter.agentId !== undefined && filter.rkey !== undefined) {
      const one = await this.get(filter.agentId, filter.rkey);
      return one && matchesTimerFilter(one, filter) ? [toTimerView(one, now)] : [];
    }
    const pattern = filter.agentId === undefined ? '*' : `${escapeGlob(filter.agentId)}:*`;
    const views: TimerView[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await withRedis('list timers', () => this.redis.hscan(this.k.payload, cursor, 'MATCH', pattern, 'COUNT', 1000));
      cursor = next;
      for (let i = 1; i < flat.length; i += 2) {
        const t = tryDecode(flat[i]);
        if (t && matchesTimerFilter(t, filter)) views.push(toTimerView(t, now));
      }
    } while (cursor !== '0');
    return views.sort((a, b) => a.expires - b.expires);
  }

  /** Number of pending timers (waiting or being fired). */
  async count(): Promise<number> {
    return withRedis('count timers', () => this.redis.hlen(this.k.generation));
  }

  /** Due time (epoch ms) of the soonest waiting timer, or null when none waits. */
  async nextDueAt(): Promise<number | null> {
    const [, score] = await withRedis('next due', () => this.redis.zrange(this.k.due, 0, 0, 'WITHSCORES'));
    return score === undefined ? null : Number(score);
  }
}

function decodeClaimed(id: string, generation: string, payload: string): ClaimedTimer | CorruptTimer {
  try {
    return { ...decodeStoredTimer(payload), id, generation: Number(generation) };
  } catch (e) {
    return { id, generation: Number(generation), reason: (e as Error).message };
  }
}

function tryDecode(payload: string): StoredTimer | undefined {
  try {
    return decodeStoredTimer(payload);
  } catch {
    return undefined;
  }
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
