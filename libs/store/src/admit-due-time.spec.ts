import { admitDueAt } from './admit-due-time';

const R = 1_700_000_000_000;
const allowance = { skewMs: 30_000, maxLagMs: 60_000 };
const wazuh = (addedAt: number, timeoutSeconds: number) => addedAt + timeoutSeconds * 1000 + 1;

describe('admitDueAt: one clock per decision (the scheduler receive time decides, within the skew allowance)', () => {
  it('trusts the agent clock within the allowance: Wazuh due time, exactly as the agent computed it', () => {
    for (const ref of [R, R + 30_000, R - 30_000 - 60_000, R - 5_000]) {
      expect(admitDueAt({ addedAt: ref - 100, issuedAt: ref, timeoutSeconds: 600, receivedAt: R }, allowance)).toEqual({ dueAt: wazuh(ref - 100, 600), basis: 'agent-clock' });
    }
  });

  it('an agent clock 1 h ahead: the time left by its own clock is counted from our receipt, never an hour late', () => {
    const skew = 3_600_000;
    const addedAt = R + skew - 2_000; // added 2 s before it sent the request, by its clock
    expect(admitDueAt({ addedAt, issuedAt: R + skew, timeoutSeconds: 600, receivedAt: R }, allowance)).toEqual({ dueAt: R + 600_000 + 1 - 2_000, basis: 'clamped-future' });
  });

  it('an agent clock 1 h behind: never an early undo (the delete would otherwise fire at once)', () => {
    const skew = -3_600_000;
    const addedAt = R + skew - 1_000;
    const { dueAt, basis } = admitDueAt({ addedAt, issuedAt: R + skew, timeoutSeconds: 600, receivedAt: R }, allowance);
    expect(basis).toBe('clamped-past');
    expect(dueAt).toBe(R + 600_000 + 1 - 1_000);
    expect(dueAt).toBeGreaterThan(wazuh(addedAt, 600));
  });

  it('without an issued-at, an addedAt beyond the skew is clamped to the receive time', () => {
    expect(admitDueAt({ addedAt: R + 31_000, timeoutSeconds: 60, receivedAt: R }, allowance)).toEqual({ dueAt: wazuh(R, 60), basis: 'clamped-future' });
    expect(admitDueAt({ addedAt: R - 91_000, timeoutSeconds: 60, receivedAt: R }, allowance)).toEqual({ dueAt: wazuh(R, 60), basis: 'clamped-past' });
  });

  it('a re-announcement of an old key with a skewed clock keeps the age by its own clock (due at once when overdue)', () => {
    const skew = 7_200_000;
    expect(admitDueAt({ addedAt: R + skew - 700_000, issuedAt: R + skew, timeoutSeconds: 600, receivedAt: R }, allowance)).toEqual({ dueAt: R, basis: 'clamped-future' });
  });

  it('an addedAt after its own issued-at (impossible) counts as added when sent', () => {
    expect(admitDueAt({ addedAt: R + 20_000, issuedAt: R, timeoutSeconds: 60, receivedAt: R }, allowance)).toEqual({ dueAt: wazuh(R, 60), basis: 'agent-clock' });
  });
});
