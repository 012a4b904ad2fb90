import type { Redis } from 'ioredis';
import type { Schedule } from '@riposte/contracts';
import { deleteKeys, requireRedis, uniqueName } from '@riposte/testing';
import { StoreKeys } from './store-keys';
import { RedisTimerStore } from './timer.store';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const T0 = 1_700_000_000_000;

function aSchedule(o: Partial<Schedule> = {}): Schedule {
  return aScheduleFor(o.agentId ?? '001', o.keys?.[0] ?? '10.0.0.7', { addedAt: T0, timeoutSeconds: 60, ...o });
}
const due = (s: Schedule) => s.addedAt + s.timeoutSeconds * 1000 + 1;

describe('RedisTimerStore on the real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('store-timers');
  let keys: StoreKeys;
  let store: RedisTimerStore;
  let n = 0;

  beforeAll(async () => {
    redis = await requireRedis();
  });
  beforeEach(() => {
    // A fresh key space per test, all under this file's prefix.
    keys = new StoreKeys(`${prefix}-${++n}`);
    store = new RedisTimerStore(redis, keys);
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('schedule → not claimable before due → claimed at due with its payload and trace → ack removes it', async () => {
    const s = aSchedule();
    expect(await store.schedule(s, 'trace-a')).toBe('created');
    expect(await store.count()).toBe(1);
    expect(await store.nextDueAt()).toBe(due(s));

    expect((await store.claimDue(due(s) - 1, 10, 30_000)).timers).toEqual([]);
    const { timers, corrupt } = await store.claimDue(due(s), 10, 30_000);
    expect(corrupt).toEqual([]);
    expect(timers).toEqual([{ id: '001:firewall-drop-10.0.0.7', generation: T0, traceId: 'trace-a', schedule: s }]);
    expect((await store.claimDue(due(s) + 5_000, 10, 30_000)).timers).toEqual([]);

    expect(await store.ack(timers, due(s) + 10)).toBe(1);
    expect(await store.count()).toBe(0);
    expect(await store.get('001', s.rkey)).toBeNull();
    expect(await store.nextDueAt()).toBeNull();
  });

  it('a later schedule for the same agent and rkey pushes the due time out (abort path restarts the timer)', async () => {
    const first = aSchedule();
    const again = aSchedule({ addedAt: T0 + 30_000, timeoutSeconds: 120 });
    await store.schedule(first);
    expect(await store.schedule(again)).toBe('replaced');
    expect(await store.count()).toBe(1);
    expect(await store.nextDueAt()).toBe(due(again));
    expect((await store.claimDue(due(first), 10, 1000)).timers).toEqual([]);
    expect((await store.claimDue(due(again), 10, 1000)).timers.map((t) => t.generation)).toEqual([again.addedAt]);
  });

  it('an older schedule arriving late does not overwrite the newer one, and a redelivered one changes nothing', async () => {
    const newer = aSchedule({ addedAt: T0 + 30_000 });
    await store.schedule(newer);
    expect(await store.schedule(aSchedule())).toBe('stale');
    expect(await store.schedule(newer)).toBe('duplicate');
    expect((await store.get('001', newer.rkey))?.schedule.addedAt).toBe(newer.addedAt);
    expect(await store.nextDueAt()).toBe(due(newer));
  });

  it('a schedule redelivered after its timer fired does not fire it again, but a new addition does', async () => {
    const s = aSchedule();
    await store.schedule(s);
    const { timers } = await store.claimDue(due(s), 10, 1000);
    await store.ack(timers, due(s));
    expect(await store.schedule(s)).toBe('retired');
    expect(await store.count()).toBe(0);
    expect(await store.schedule(aSchedule({ addedAt: T0 + 1 }))).toBe('created');
  });

  it('scheduleMany applies a batch in order in one call, the last word per timer winning', async () => {
    const batch = [
      aSchedule({ keys: ['10.0.0.1'] }),
      aSchedule({ keys: ['10.0.0.2'] }),
      aSchedule({ keys: ['10.0.0.1'], addedAt: T0 + 5 }),
      aSchedule({ keys: ['10.0.0.2'], addedAt: T0 - 5 }),
    ].map((schedule) => ({ schedule, traceId: 't' }));
    expect(await store.scheduleMany(batch)).toEqual(['created', 'created', 'replaced', 'stale']);
    expect(await store.count()).toBe(2);
  });

  it('ack keeps a timer re-scheduled while it was being fired: the newer generation still fires', async () => {
    const s = aSchedule();
    await store.schedule(s);
    const { timers } = await store.claimDue(due(s), 10, 30_000);
    const newer = aSchedule({ addedAt: due(s) + 100 });
    expect(await store.schedule(newer)).toBe('replaced');
    expect(await store.ack(timers, due(s) + 200)).toBe(0);
    expect((await store.get('001', s.rkey))?.schedule.addedAt).toBe(newer.addedAt);
    expect((await store.claimDue(due(newer), 10, 1000)).timers.map((t) => t.generation)).toEqual([newer.addedAt]);
  });

  it('a claim whose lease expired is reclaimed and claimed again (at-least-once); a live lease is left alone', async () => {
    const s = aSchedule();
    await store.schedule(s);
    const now = due(s);
    const first = await store.claimDue(now, 10, 5_000);
    expect(first.timers).toHaveLength(1);
    expect(await store.reclaimExpired(now + 4_999)).toEqual([]);
    expect((await store.claimDue(now + 4_999, 10, 5_000)).timers).toEqual([]);
    expect(await store.reclaimExpired(now + 5_000)).toEqual([first.timers[0].id]);
    const second = await store.claimDue(now + 5_000, 10, 5_000);
    expect(second.timers.map((t) => t.id)).toEqual([first.timers[0].id]);
    expect(await store.ack(second.timers, now + 5_001)).toBe(1);
    // The dead claimer's late ack finds nothing left to remove.
    expect(await store.ack(first.timers, now + 6_000)).toBe(0);
  });

  it('release gives a claim back at once, at its own due time', async () => {
    const s = aSchedule();
    await store.schedule(s);
    const early = await store.claim('001', s.rkey, T0, 60_000);
    if (early.status !== 'claimed') throw new Error(`expected a claim, got ${early.status}`);
    expect(await store.release([early.timer])).toBe(1);
    expect(await store.nextDueAt()).toBe(due(s));
    expect((await store.claimDue(due(s) - 1, 10, 60_000)).timers).toEqual([]);

    const { timers } = await store.claimDue(due(s), 10, 60_000);
    expect(timers).toHaveLength(1);
    expect(await store.release(timers)).toBe(1);
    expect((await store.claimDue(due(s), 10, 60_000)).timers).toHaveLength(1);
  });

  it('claim takes one timer before it is due (fire now), and says when it is missing or being fired', async () => {
    const s = aSchedule();
    await store.schedule(s);
    const r = await store.claim('001', s.rkey, T0 + 1, 30_000);
    expect(r.status).toBe('claimed');
    expect(await store.claim('001', s.rkey, T0 + 2, 30_000)).toEqual({ status: 'busy' });
    expect(await store.claim('001', 'firewall-drop-10.9.9.9', T0 + 2, 30_000)).toEqual({ status: 'missing' });
  });

  it('an operator claim and its ack remove the timer and its trace; a redelivered schedule of it stays retired', async () => {
    const s = aSchedule();
    await store.schedule(s, 'trace-c');
    const claimed = await store.claim('001', s.rkey, T0 + 10, 30_000);
    expect(claimed).toMatchObject({ status: 'claimed', timer: { traceId: 'trace-c', schedule: s } });
    const ref = { id: `001:${s.rkey}`, generation: s.addedAt };
    expect(await store.ack([ref], T0 + 10)).toBe(1);
    expect(await store.ack([ref], T0 + 10)).toBe(0);
    expect((await store.claimDue(due(s), 10, 1000)).timers).toEqual([]);
    expect(await store.schedule(s)).toBe('retired');
  });

  it('forgets retired generations after the retention', async () => {
    const short = new RedisTimerStore(redis, keys, { retiredRetentionMs: 1_000 });
    const s = aSchedule();
    const other = aSchedule({ keys: ['10.0.0.8'] });
    const retire = async (t: typeof s, now: number) => {
      await short.claim('001', t.rkey, now, 30_000);
      await short.ack([{ id: `001:${t.rkey}`, generation: t.addedAt }], now);
    };
    await short.schedule(s);
    await short.schedule(other);
    await retire(s, T0);
    expect(await redis.hlen(keys.timers.retired)).toBe(1);
    await retire(other, T0 + 5_000); // any retiring call prunes: s's entry is gone, only other's is left
    expect(await redis.hkeys(keys.timers.retired)).toEqual([`001:${other.rkey}`]);
    expect(await redis.zrange(keys.timers.retiredAt, 0, -1)).toEqual([`001:${other.rkey}`]);
    expect(await short.schedule(s)).toBe('created');
  });

  it('list filters by agent, rkey and response, and computes remaining time from now', async () => {
    await store.scheduleMany(
      [
        aSchedule({ agentId: '001', keys: ['10.0.0.1'] }),
        aSchedule({ agentId: '001', keys: ['10.0.0.2'], arName: 'host-deny600', rkey: 'host-deny-10.0.0.2', timeoutSeconds: 30 }),
        aSchedule({ agentId: '0011', keys: ['10.0.0.1'] }),
        aSchedule({ agentId: '002', keys: ['10.0.0.1'] }),
      ].map((schedule) => ({ schedule })),
    );
    const all = await store.list({}, T0 + 10_000);
    expect(all).toHaveLength(4);
    expect(all[0]).toMatchObject({ agentId: '001', rkey: 'host-deny-10.0.0.2', started: T0, expires: T0 + 30_001, remainingMs: 20_001 });
    expect((await store.list({ agentId: '001' }, T0)).map((v) => v.rkey)).toEqual(['host-deny-10.0.0.2', 'firewall-drop-10.0.0.1']);
    expect((await store.list({ rkey: 'firewall-drop-10.0.0.1' }, T0)).map((v) => v.agentId).sort()).toEqual(['001', '0011', '002']);
    expect((await store.list({ agentId: '002', rkey: 'firewall-drop-10.0.0.1' }, T0)).map((v) => v.agentId)).toEqual(['002']);
    expect((await store.list({ arName: 'host-deny600' }, T0)).map((v) => v.rkey)).toEqual(['host-deny-10.0.0.2']);
    expect(await store.list({ agentId: '003' }, T0)).toEqual([]);
  });

  it('returns a stored value that no longer decodes as corrupt, so the caller can ack it away', async () => {
    const s = aSchedule();
    await store.schedule(s);
    await redis.hset(keys.timers.payload, '001:firewall-drop-10.0.0.7', '{"broken":');
    const { timers, corrupt } = await store.claimDue(due(s), 10, 1000);
    expect(timers).toEqual([]);
    expect(corrupt).toEqual([{ id: '001:firewall-drop-10.0.0.7', generation: T0, reason: expect.stringMatching(/not JSON/) }]);
    expect(await store.ack(corrupt, due(s))).toBe(1);
  });

  it('refuses a claim limit the scripts cannot handle', async () => {
    await expect(store.claimDue(T0, 0, 1000)).rejects.toThrow(RangeError);
    await expect(store.claimDue(T0, 5001, 1000)).rejects.toThrow(RangeError);
  });

  it('two concurrent claimers over 2,000 timers claim each exactly once', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ schedule: aSchedule({ agentId: String(100 + (i % 50)).padStart(3, '0'), keys: [`10.1.${Math.floor(i / 250)}.${i % 250}`], addedAt: T0 + (i % 97) }) }));
    expect(new Set((await store.scheduleMany(items)).map(String))).toEqual(new Set(['created']));
    const now = T0 + 61_000 + 100;
    // Two clients, as two scheduler instances would have.
    const other = redis.duplicate();
    const stores = [store, new RedisTimerStore(other, keys)];
    const claimed: string[][] = [[], []];
    await Promise.all(
      stores.map(async (st, i) => {
        for (;;) {
          const { timers } = await st.claimDue(now, 37, 30_000);
          if (timers.length === 0) return;
          claimed[i].push(...timers.map((t) => t.id));
          await st.ack(timers, now);
        }
      }),
    );
    other.disconnect();
    const all = [...claimed[0], ...claimed[1]];
    expect(claimed[0].length).toBeGreaterThan(0);
    expect(claimed[1].length).toBeGreaterThan(0);
    expect(all).toHaveLength(2000);
    expect(new Set(all).size).toBe(2000);
    expect(await store.count()).toBe(0);
  });
});
