import { escalateTimeout } from './escalate-timeout';

describe('§3.4 repeated_offenders escalation', () => {
  const R = [30, 60, 120];

  it.each<[string, number | null, number, readonly number[], number, number | null]>([
    ['first occurrence: the AR timeout, store 0', null, 600, R, 600, 0],
    ['second occurrence (c=0): R0 minutes, store 1', 0, 600, R, 1800, 1],
    ['third (c=1): R1', 1, 600, R, 3600, 2],
    ['fourth (c=2): R2', 2, 600, R, 7200, 3],
    ['fifth and later (c=n): R(n-1), count kept', 3, 600, R, 7200, 3],
    ['a repeat may shorten the block when R[c]·60 < timeout', 0, 7200, [1], 60, 1],
    ['no list: the AR timeout, nothing counted', null, 600, [], 600, null],
    ['no list keeps an existing count untouched', 4, 600, [], 600, 4],
    ['timeout 0: no escalation, nothing counted', null, 0, R, 0, null],
    ['timeout 0 with a stored count: untouched', 1, 0, R, 0, 1],
    ['a 0 in the list ends it', 1, 600, [30, 0, 90], 1800, 1],
    ['a list starting with 0 is empty', null, 600, [0, 30], 600, null],
    ['one value: R0 for every repeat', 5, 600, [10], 600, 5],
  ])('%s', (_what, count, base, list, timeout, next) => {
    expect(escalateTimeout(count, base, list)).toEqual({ timeoutSeconds: timeout, nextCount: next });
  });

  it('gives timeout, R0, R1, …, R(n-1), R(n-1), … over successive occurrences (the docs example 30 → 60 → 120 → 180 min)', () => {
    const seen: number[] = [];
    let count: number | null = null;
    for (let i = 0; i < 6; i++) {
      const e = escalateTimeout(count, 1800, [60, 120, 180]);
      seen.push(e.timeoutSeconds / 60);
      count = e.nextCount;
    }
    expect(seen).toEqual([30, 60, 120, 180, 180, 180]);
  });
});
