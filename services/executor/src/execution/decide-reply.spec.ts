import { ArMessageV1 } from '@riposte/contracts';
import type { KeyRecord } from '../state/executor-state';
import { decideReply, type NewEntry } from './decide-reply';

const deleteMessage = ArMessageV1.withCommand(
  ArMessageV1.rewriteForScript(ArMessageV1.buildArMessage({ nodeName: 'n', module: 'wazuh-analysisd', command: 'firewall-drop600', extraArgs: [], alert: {} }), 'add', 'active-response/bin/firewall-drop'),
  'delete',
);
const entry: NewEntry = { arName: 'firewall-drop600', program: 'active-response/bin/firewall-drop', deleteMessage, keys: ['1.2.3.4'] };

/** Runs the same add `times` times, `stepMs` apart, and returns each decision. */
function repeat(times: number, o: { timeoutSeconds?: number; offenders?: number[]; record?: KeyRecord; stepMs?: number; windowMs?: number | null; start?: number } = {}) {
  let record = o.record;
  const out = [];
  for (let i = 0; i < times; i++) {
    const now = (o.start ?? 1000) + i * (o.stepMs ?? 10);
    const d = decideReply({ record, timeoutSeconds: o.timeoutSeconds ?? 600, repeatedOffenders: o.offenders ?? [], offenderWindowMs: o.windowMs ?? null, now, entry });
    record = d.record;
    out.push(d);
  }
  return out;
}

describe('decideReply (spec §3.2 step 7)', () => {
  describe('when the timeout is 0', () => {
    it('always continues and keeps nothing', () => {
      const ds = repeat(3, { timeoutSeconds: 0, offenders: [10] });
      expect(ds.map((d) => d.reply)).toEqual(['continue', 'continue', 'continue']);
      expect(ds.every((d) => d.active === undefined && d.record === undefined)).toBe(true);
    });
  });

  describe('when the rkey is new', () => {
    it('continues and adds an entry with the ar.conf timeout', () => {
      const [d] = repeat(1);
      expect(d.reply).toBe('continue');
      expect(d.active).toEqual({ ...entry, addedAt: 1000, timeoutSeconds: 600 });
      expect(d.record).toEqual({ active: d.active });
    });
  });

  describe('when the rkey is already active', () => {
    it('aborts and restarts the entry at now, keeping the first add’s delete', () => {
      const first = repeat(1)[0].record;
      const other = { ...entry, deleteMessage: { ...deleteMessage, origin: { name: 'other', module: 'x' } } };
      const d = decideReply({ record: first, timeoutSeconds: 600, repeatedOffenders: [], offenderWindowMs: null, now: 5000, entry: other });
      expect(d.reply).toBe('abort');
      expect(d.active).toEqual({ ...entry, addedAt: 5000, timeoutSeconds: 600 });
    });

    it('never reuses a generation, even within one millisecond', () => {
      const ds = repeat(3, { stepMs: 0 });
      expect(ds.map((d) => d.active?.addedAt)).toEqual([1000, 1001, 1002]);
    });
  });
});

describe('when the last continue of the rkey never reached its script (the executor died before writing it)', () => {
  it('continues again under a new generation, with the count and timeout that add already gave', () => {
    const [first] = repeat(1, { offenders: [30, 60] });
    const unreplied: KeyRecord = { ...first.record!, active: { ...first.active!, unreplied: true } };
    const d = decideReply({ record: unreplied, timeoutSeconds: 600, repeatedOffenders: [30, 60], offenderWindowMs: null, now: 1000, entry });
    expect(d.reply).toBe('continue');
    expect(d.active).toEqual({ ...entry, addedAt: 1001, timeoutSeconds: 600 });
    expect(d.record?.offender).toEqual(first.record!.offender);
  });

  it('a replied one is active as usual: the repeat aborts', () => {
    const [first] = repeat(1);
    expect(decideReply({ record: first.record, timeoutSeconds: 600, repeatedOffenders: [], offenderWindowMs: null, now: 2000, entry }).reply).toBe('abort');
  });
});

describe('repeated_offenders escalation (spec §3.4, deviation b)', () => {
  it('goes timeout, R0, R1, …, R(n-1), R(n-1) — continue or abort alike', () => {
    const ds = repeat(6, { timeoutSeconds: 600, offenders: [30, 60, 120] });
    expect(ds.map((d) => d.active?.timeoutSeconds)).toEqual([600, 1800, 3600, 7200, 7200, 7200]);
    expect(ds.map((d) => d.escalated)).toEqual([false, true, true, true, true, true]);
    expect(ds.map((d) => d.record?.offender?.count)).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('counts on after the block was lifted (the count never resets)', () => {
    const [first] = repeat(1, { offenders: [30] });
    const lifted: KeyRecord = { offender: first.record!.offender };
    const [again] = repeat(1, { offenders: [30], record: lifted });
    expect(again.reply).toBe('continue');
    expect(again.active?.timeoutSeconds).toBe(1800);
  });

  it('can shorten a block when R[c]·60 is below the timeout', () => {
    expect(repeat(2, { timeoutSeconds: 3600, offenders: [1] }).map((d) => d.active?.timeoutSeconds)).toEqual([3600, 60]);
  });

  it('without a list nothing is counted', () => {
    expect(repeat(2)[1].record?.offender).toBeUndefined();
  });

  it('a list that starts with 0 is no list (execd stops at the first 0)', () => {
    const ds = repeat(2, { offenders: [0, 30] });
    expect(ds.map((d) => [d.active?.timeoutSeconds, d.escalated])).toEqual([[600, false], [600, false]]);
    expect(ds[1].record?.offender).toBeUndefined();
  });
});

describe('when offender counts expire (EXECUTOR_REPEAT_OFFENDER_WINDOW_MS, issue 11)', () => {
  const HOUR = 3600_000;
  const lifted = (windowMs: number | null) => ({ offender: repeat(1, { offenders: [30], windowMs, timeoutSeconds: 600 })[0].record!.offender });

  it('a count lives for the window after the end of the block it escalated', () => {
    expect(lifted(HOUR).offender).toEqual({ count: 0, until: 1000 + 600_000 + HOUR });
  });

  it('a repeat within the window still escalates', () => {
    const [again] = repeat(1, { offenders: [30], windowMs: HOUR, record: lifted(HOUR), start: 1000 + 600_000 + HOUR });
    expect([again.active?.timeoutSeconds, again.escalated, again.record?.offender?.count]).toEqual([1800, true, 1]);
  });

  it('a repeat after the window starts again from the ar.conf timeout', () => {
    const [again] = repeat(1, { offenders: [30], windowMs: HOUR, record: lifted(HOUR), start: 1000 + 600_000 + HOUR + 1 });
    expect([again.active?.timeoutSeconds, again.escalated, again.record?.offender?.count]).toEqual([600, false, 0]);
  });

  it('every repeat pushes the expiry past its own block', () => {
    const ds = repeat(2, { offenders: [30], windowMs: HOUR, stepMs: 1000 });
    expect(ds[1].record?.offender).toEqual({ count: 1, until: 2000 + 1800_000 + HOUR });
  });

  it('without a window a count never expires (Wazuh, for execd’s lifetime)', () => {
    expect(lifted(null).offender).toEqual({ count: 0 });
    const [again] = repeat(1, { offenders: [30], record: lifted(null), start: 1e12 });
    expect(again.active?.timeoutSeconds).toBe(1800);
  });
});
