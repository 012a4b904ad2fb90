import type { Redis } from 'ioredis';
import type { OutgoingMessage, Schedule } from '@riposte/contracts';
import { deleteKeys, requireRedis, uniqueName } from '@riposte/testing';
import { StoreKeys } from '../store-keys';
import { RedisTimerStore } from '../timer.store';
import { TimerUndo, type SendPort } from './timer-undo';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const T0 = 1_700_000_000_000;
const policy = { baseMs: 1000, maxMs: 60_000 };

const aSchedule = (agentId: string, key: string): Schedule => aScheduleFor(agentId, key, { addedAt: T0, timeoutSeconds: 60 });
const DUE = T0 + 60_000 + 1;

/** A send port that records what it published and refuses any send holding a message for a refused topic. */
function recordingSender(refused: Set<string>): SendPort & { sent: OutgoingMessage[]; calls: number } {
  const port = {
    sent: [] as OutgoingMessage[],
    calls: 0,
    async send(messages: readonly OutgoingMessage[]) {
      port.calls++;
      const bad = messages.find((m) => refused.has(m.topic));
      if (bad) throw Object.assign(new Error(`This server does not host this topic-partition (${bad.topic})`), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      port.sent.push(...messages);
    },
  };
  return port;
}

describe('TimerUndo: claim → send → ack, release or park, on the real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('store-undo');
  let store: RedisTimerStore;
  let n = 0;
  let now = DUE;
  const clock = () => now;
  const messages = (t: { schedule: Schedule }) => [{ topic: `exec.${t.schedule.agentId}`, key: t.schedule.agentId, value: t.schedule.rkey }];

  beforeAll(async () => {
    redis = await requireRedis();
  });
  beforeEach(() => {
    store = new RedisTimerStore(redis, new StoreKeys(`${prefix}-${++n}`));
    now = DUE;
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('sends every due delete in one send and acks them all', async () => {
    await store.scheduleMany(['001', '002', '003'].map((a) => ({ schedule: aSchedule(a, '10.0.0.1') })));
    const send = recordingSender(new Set());
    const report = await new TimerUndo({ send, timers: store, clock, messages }).fireDue(100, 30_000, { mode: 'park', policy });
    expect(report.sent.map((t) => t.schedule.agentId).sort()).toEqual(['001', '002', '003']);
    expect(report.failed).toEqual([]);
    expect(send.calls).toBe(1);
    expect(await store.count()).toBe(0);
  });

  it("parks only the agent whose topic refuses its deletes; the others are sent and acked; backoff doubles; success clears it", async () => {
    await store.scheduleMany(['001', '002', '003'].flatMap((a) => [aSchedule(a, '10.0.0.1'), aSchedule(a, '10.0.0.2')]).map((schedule) => ({ schedule })));
    const refused = new Set(['exec.002']);
    const send = recordingSender(refused);
    const undo = new TimerUndo({ send, timers: store, clock, messages });

    const first = await undo.fireDue(100, 30_000, { mode: 'park', policy });
    expect(first.sent.map((t) => t.id).sort()).toEqual(['001:firewall-drop-10.0.0.1', '001:firewall-drop-10.0.0.2', '003:firewall-drop-10.0.0.1', '003:firewall-drop-10.0.0.2']);
    expect(first.failed.map((f) => [f.agentId, f.timers.length, f.attempt, f.retryAt])).toEqual([['002', 2, 1, DUE + 1000]]);
    expect(send.sent.map((m) => m.topic).sort()).toEqual(['exec.001', 'exec.001', 'exec.003', 'exec.003']);
    expect((await store.list({}, now)).map((v) => v.agentId)).toEqual(['002', '002']);
    // Parked: not claimable before the retry time, and still reported with its own due time.
    expect((await store.list({ agentId: '002' }, now))[0].expires).toBe(DUE);
    now = DUE + 999;
    expect((await undo.fireDue(100, 30_000, { mode: 'park', policy })).sent).toEqual([]);
    now = DUE + 1000;
    const second = await undo.fireDue(100, 30_000, { mode: 'park', policy });
    expect(second.failed.map((f) => [f.agentId, f.attempt, f.retryAt])).toEqual([['002', 2, DUE + 1000 + 2000]]);

    refused.clear();
    now = DUE + 3000;
    const third = await undo.fireDue(100, 30_000, { mode: 'park', policy });
    expect(third.sent.map((t) => t.schedule.agentId)).toEqual(['002', '002']);
    expect(await store.count()).toBe(0);
  });

  it('when the broker refuses every agent, it stops trying them one by one after three and gives all back', async () => {
    await store.scheduleMany(['001', '002', '003', '004', '005', '006'].map((a) => ({ schedule: aSchedule(a, '10.0.0.1') })));
    const send = recordingSender(new Set(['exec.001', 'exec.002', 'exec.003', 'exec.004', 'exec.005', 'exec.006']));
    const report = await new TimerUndo({ send, timers: store, clock, messages }).fireDue(100, 30_000, { mode: 'park', policy });
    expect(report.sent).toEqual([]);
    expect(report.failed).toHaveLength(6);
    expect(send.calls).toBe(1 + 3);
    expect(await store.nextDueAt()).toBe(DUE + 1000);
  });

  it('a message that cannot be built fails only its agent', async () => {
    await store.scheduleMany(['001', '002'].map((a) => ({ schedule: aSchedule(a, '10.0.0.1') })));
    const send = recordingSender(new Set());
    const undo = new TimerUndo({
      send,
      timers: store,
      clock,
      messages: (t) => {
        if (t.schedule.agentId === '001') throw new RangeError('Maximum call stack size exceeded');
        return messages(t);
      },
    });
    const report = await undo.fireDue(100, 30_000, { mode: 'park', policy });
    expect(report.sent.map((t) => t.schedule.agentId)).toEqual(['002']);
    expect(report.failed.map((f) => [f.agentId, (f.error as Error).message])).toEqual([['001', 'Maximum call stack size exceeded']]);
  });

  it('fireOne (early unblock): sends and acks; when the send fails the timer is released at its own due time', async () => {
    await store.scheduleMany(['001', '002'].map((a) => ({ schedule: aSchedule(a, '10.0.0.1') })));
    now = T0 + 1000; // long before due
    const undo = new TimerUndo({ send: recordingSender(new Set(['exec.002'])), timers: store, clock, messages });
    expect((await undo.fireOne('001', 'firewall-drop-10.0.0.1', 30_000)).status).toBe('sent');
    const failed = await undo.fireOne('002', 'firewall-drop-10.0.0.1', 30_000);
    expect(failed).toMatchObject({ status: 'failed', error: expect.objectContaining({ type: 'UNKNOWN_TOPIC_OR_PARTITION' }) });
    expect(await undo.fireOne('009', 'nothing', 30_000)).toEqual({ status: 'missing' });
    expect((await store.list({}, now)).map((v) => [v.agentId, v.expires])).toEqual([['002', DUE]]);
    expect(await store.nextDueAt()).toBe(DUE);
  });
});
