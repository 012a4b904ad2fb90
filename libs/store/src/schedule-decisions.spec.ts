import { TimerRequestV1 } from '@riposte/contracts';
import { aSchedule } from '@riposte/contracts/src/testing/timer-schedule';
import {
  dueAtOf,
  isDue,
  leaseExpiry,
  matchesTimerFilter,
  nextWakeDelay,
  remainingMs,
  splitTimerId,
  timerId,
  toTimerView,
} from './schedule-decisions';
import type { StoredTimer } from './stored-timer';

const stored = (o: Partial<TimerRequestV1.Schedule> = {}): StoredTimer => ({
  traceId: 'trace-1',
  schedule: aSchedule(o),
});

describe('timer ids', () => {
  it('joins agent id and rkey, and splits them back even when the rkey holds colons (IPv6 keys)', () => {
    const id = timerId('001', 'firewall-drop-2001:db8::1');
    expect(id).toBe('001:firewall-drop-2001:db8::1');
    expect(splitTimerId(id)).toEqual({ agentId: '001', rkey: 'firewall-drop-2001:db8::1' });
  });

  it('refuses an id without an agent part', () => {
    expect(() => splitTimerId(':x')).toThrow(/invalid timer id/);
  });
});

describe('when a timer is due (spec §3.3: fires when now - added > timeout, strictly)', () => {
  const due = dueAtOf(stored());

  it('is not due exactly timeout ms after the addition', () => {
    expect(isDue({ dueAt: due }, 1_000_000 + 600_000)).toBe(false);
  });

  it('is due one ms later', () => {
    expect(due).toBe(1_600_001);
    expect(isDue({ dueAt: due }, 1_600_001)).toBe(true);
  });

  it('reports remaining time, never negative (lateness: TimerRequestV1.latenessMs)', () => {
    expect(remainingMs(due, due - 10)).toBe(10);
    expect(remainingMs(due, due + 10)).toBe(0);
  });
});

describe('nextWakeDelay', () => {
  it('sleeps until the next due time', () => {
    expect(nextWakeDelay(1_050, 1_000, 1_000)).toBe(50);
  });
  it('is capped by the tick, so timers scheduled meanwhile are seen', () => {
    expect(nextWakeDelay(9_000, 1_000, 100)).toBe(100);
  });
  it('does not sleep when something is already due', () => {
    expect(nextWakeDelay(900, 1_000, 100)).toBe(0);
  });
  it('sleeps a full tick when nothing is scheduled', () => {
    expect(nextWakeDelay(null, 1_000, 100)).toBe(100);
  });
});

describe('leaseExpiry', () => {
  it('adds the lease to now', () => {
    expect(leaseExpiry(1_000, 30_000)).toBe(31_000);
  });
  it('refuses a lease that is not a positive integer', () => {
    expect(() => leaseExpiry(1_000, 0)).toThrow(/lease/);
  });
});

describe('toTimerView', () => {
  it('shows started, expires and remaining at now', () => {
    expect(toTimerView(stored(), 1_500_000)).toMatchObject({
      agentId: '001',
      rkey: 'firewall-drop-10.0.0.7',
      arName: 'firewall-drop600',
      started: 1_000_000,
      expires: 1_600_001,
      remainingMs: 100_001,
      trigger: { alertId: '1.2', ruleId: '5712' },
      traceId: 'trace-1',
    });
  });
});

describe('matchesTimerFilter', () => {
  it('matches when every given field matches', () => {
    expect(matchesTimerFilter(stored(), {})).toBe(true);
    expect(matchesTimerFilter(stored(), { agentId: '001', arName: 'firewall-drop600' })).toBe(true);
    expect(matchesTimerFilter(stored(), { agentId: '002' })).toBe(false);
    expect(matchesTimerFilter(stored(), { rkey: 'firewall-drop-10.0.0.8' })).toBe(false);
  });
});
