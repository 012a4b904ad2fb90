import { aSchedule } from '@riposte/contracts/src/testing/timer-schedule';
import type { ClaimedTimer } from '../stored-timer';
import { groupByAgent, parkDelayMs } from './undo-decisions';

const claimed = (agentId: string, rkey: string): ClaimedTimer => ({ id: `${agentId}:${rkey}`, generation: 1, traceId: 't', schedule: aSchedule({ agentId, rkey }) });

describe('undo decisions', () => {
  it('groups claimed timers by agent, agents in order of first appearance', () => {
    const groups = groupByAgent([claimed('002', 'a'), claimed('001', 'b'), claimed('002', 'c')]);
    expect(groups.map((g) => [g.agentId, g.timers.map((t) => t.schedule.rkey)])).toEqual([
      ['002', ['a', 'c']],
      ['001', ['b']],
    ]);
  });

  it('parks with a doubling backoff, capped', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 7, 8, 100].map((a) => parkDelayMs(a, policy))).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000, 60_000]);
  });
});
