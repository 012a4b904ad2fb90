import { dueAt, latenessMs } from './timer-request.v1';

describe('timer request times (spec §3.3)', () => {
  const due = dueAt({ addedAt: 1_000_000, timeoutSeconds: 600 });

  it('is due one ms after the timeout (Wazuh fires when now - added > timeout)', () => {
    expect(due).toBe(1_600_001);
  });

  it('reports lateness, never negative', () => {
    expect(latenessMs(due, due + 250)).toBe(250);
    expect(latenessMs(due, due - 10)).toBe(0);
  });
});
