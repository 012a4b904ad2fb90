import type { Redis } from 'ioredis';
import type { Schedule } from '@riposte/contracts';
import { deleteKeys, requireRedis, uniqueName } from '@riposte/testing';
import { StoreKeys } from './store-keys';
import { RedisTimerStore } from './timer.store';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const T0 = 1_700_000_000_000;
const DUE = T0 + 60_000 + 1;

function aSchedule(o: Partial<Schedule> = {}): Schedule {
  return aScheduleFor('001', '10.0.0.7', { addedAt: T0, timeoutSeconds: 60, ...o });
}
const announce = (o: Partial<Schedule> = {}) => aSchedule({ ...o, reconcile: true });

describe('RedisTimerStore reconciliation (issue 11: an agent re-announces the keys it still holds)', () => {
  let redis: Redis;
  const prefix = uniqueName('store-reconcile');
  let keys: StoreKeys;
  let store: RedisTimerStore;
  let n = 0;

  beforeAll(async () => {
    redis = await requireRedis();
  });
  beforeEach(() => {
    keys = new StoreKeys(`${prefix}-${++n}`);
    store = new RedisTimerStore(redis, keys, { refireGraceMs: 60_000 });
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('a Redis flush is healed by the next re-announcement: the timer comes back, due at once when overdue', async () => {
    await store.schedule(aSchedule(), 'trace-1', T0);
    await deleteKeys(redis, keys.prefix); // FLUSHALL of this prefix
    expect(await store.count()).toBe(0);
    expect(await store.schedule(announce(), 'trace-2', DUE + 5000)).toBe('created');
    const { timers } = await store.claimDue(DUE + 5000, 10, 30_000);
    expect(timers.map((t) => [t.id, t.generation])).toEqual([['001:firewall-drop-10.0.0.7', T0]]);
    // The stored timer is the schedule, without the flag that said how it came.
    expect(timers[0].schedule).toEqual(aSchedule());
  });

  it('is idempotent by timer id and generation: a re-announcement of what is pending changes nothing', async () => {
    await store.schedule(aSchedule(), 't', T0);
    expect(await store.schedule(announce(), 't', T0 + 10_000)).toBe('duplicate');
    expect(await store.schedule(announce({ addedAt: T0 - 1 }), 't', T0 + 10_000)).toBe('stale');
    expect(await store.nextDueAt()).toBe(DUE);
  });

  it('a retired generation the agent still holds (a lost delete) fires again, at once; a plain redelivery does not', async () => {
    await store.schedule(aSchedule(), 't', T0);
    const { timers } = await store.claimDue(DUE, 10, 30_000);
    await store.ack(timers, DUE);
    expect(await store.schedule(aSchedule(), 't', DUE + 120_000)).toBe('retired');
    expect(await store.schedule(announce(), 't', DUE + 120_000)).toBe('refired');
    expect(await store.nextDueAt()).toBe(DUE);
    expect((await store.claimDue(DUE + 120_000, 10, 30_000)).timers.map((t) => t.generation)).toEqual([T0]);
  });

  it('within the grace after it fired, the delete may still be queued: a re-announcement does not fire it twice', async () => {
    await store.schedule(aSchedule(), 't', T0);
    await store.ack((await store.claimDue(DUE, 10, 30_000)).timers, DUE);
    expect(await store.schedule(announce(), 't', DUE + 59_000)).toBe('retired');
    expect(await store.count()).toBe(0);
  });

  it('a re-fired timer not yet due by the admitted time is still fired now (the agent holds it past its firing)', async () => {
    await store.schedule(aSchedule(), 't', T0);
    await store.ack((await store.claimDue(DUE, 10, 30_000)).timers, DUE);
    const now = DUE + 600_000;
    expect(await store.scheduleMany([{ schedule: announce(), dueAt: now + 3_600_000 }], now)).toEqual(['refired']);
    expect(await store.nextDueAt()).toBe(now);
  });

  it('keeps the admitted due time: claims, views and releases use it, not the agent clock', async () => {
    const admitted = DUE + 3_600_000;
    expect(await store.scheduleMany([{ schedule: aSchedule(), dueAt: admitted }], T0)).toEqual(['created']);
    expect((await store.claimDue(DUE, 10, 30_000)).timers).toEqual([]);
    const [view] = await store.list({}, T0);
    expect(view.expires).toBe(admitted);
    const claim = await store.claim('001', 'firewall-drop-10.0.0.7', T0, 30_000);
    if (claim.status !== 'claimed') throw new Error(claim.status);
    expect(claim.timer.dueAt).toBe(admitted);
    await store.release([claim.timer]);
    expect(await store.nextDueAt()).toBe(admitted);
  });
});
