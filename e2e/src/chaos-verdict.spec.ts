import { effectiveDue, judge, type RecordedRun, type VerdictInput } from './chaos-verdict';

const T = 20_000;
const add = (srcip: string, at: number, reply = 'continue'): RecordedRun => ({ at, command: 'add', srcip, reply });
const del = (srcip: string, at: number): RecordedRun => ({ at, command: 'delete', srcip });
const input = (runs: Record<string, RecordedRun[]>, over: Partial<VerdictInput> = {}): VerdictInput => ({
  expected: new Map([['10.0.0.1', '001'], ['10.0.0.2', '002']]),
  runs: new Map(Object.entries(runs)),
  timeoutMs: T,
  reconcileMs: 10_000,
  deliveryMs: 3000,
  outages: [],
  ...over,
});

describe('the chaos verdict', () => {
  it('one add and one delete on time per srcip pass every check', () => {
    const v = judge(input({ '001': [add('10.0.0.1', 0), del('10.0.0.1', T + 200)], '002': [add('10.0.0.2', 50), del('10.0.0.2', 50 + T + 900)] }));
    expect(v).toMatchObject({ srcips: 2, oneAdd: 2, oneDelete: 2, early: 0, late: 0, wrongAgent: 0, deleteBeforeAdd: 0, latenessMs: { p50: 200, p99: 900, max: 900 } });
  });

  it('counts missing, duplicate, early, late and misplaced runs, with examples', () => {
    const v = judge(input({
      '001': [add('10.0.0.1', 0), add('10.0.0.1', 5, 'continue'), del('10.0.0.1', T - 1500), add('10.0.0.2', 0)],
      '002': [add('10.0.0.2', 0), del('10.0.0.2', T + 13_500), del('10.0.0.2', T + 14_000)],
    }));
    expect(v).toMatchObject({ oneAdd: 1, duplicateAdd: 1, oneDelete: 1, duplicateDelete: 1, early: 1, late: 1, wrongAgent: 1 });
    expect(v.examples).toEqual({ duplicateAdd: ['10.0.0.1'], early: ['10.0.0.1'], wrongAgent: ['10.0.0.2'], duplicateDelete: ['10.0.0.2'], late: ['10.0.0.2'] });
  });

  it('an absorbed redelivery restarts the timer; a srcip never added or deleted is counted as such', () => {
    const v = judge(input({ '001': [add('10.0.0.1', 0), add('10.0.0.1', 4000, 'abort'), del('10.0.0.1', 4000 + T)] }));
    expect(v).toMatchObject({ oneAdd: 1, absorbedAdds: 1, early: 0, late: 0, noAdd: 1, noDelete: 1 });
  });

  it('an add whose script got no reply does not count as the add, and is counted apart', () => {
    const v = judge(input({ '001': [add('10.0.0.1', 0, ''), add('10.0.0.1', 9000, 'abort'), del('10.0.0.1', 9000 + T)] }));
    expect(v).toMatchObject({ oneAdd: 0, noAdd: 2, unansweredAdds: 1, absorbedAdds: 1, examples: { unansweredAdds: ['10.0.0.1'] } });
  });

  it('a delete with no add before it is counted', () => {
    expect(judge(input({ '001': [del('10.0.0.1', 10), add('10.0.0.1', 20)] })).deleteBeforeAdd).toBe(1);
  });

  it('a due time inside an outage of the agent or of a shared service moves to its end, through chained outages', () => {
    const outages = [{ what: 'broker', from: 100, to: 200 }, { what: 'executor', from: 150, to: 300, agentId: '001' }];
    expect(effectiveDue(120, '001', outages)).toBe(300);
    expect(effectiveDue(120, '002', outages)).toBe(200);
    expect(effectiveDue(50, '001', outages)).toBe(50);
    const late = judge(input({ '001': [add('10.0.0.1', 0), del('10.0.0.1', T + 20_000)] }, { outages: [{ what: 'executor', from: T - 1, to: T + 10_000, agentId: '001' }] }));
    expect(late).toMatchObject({ late: 0, latenessMs: { max: 10_000 } });
  });
});
