import { uniqueName } from './unique-name';
import { waitFor } from './wait-for';

describe('the test harness', () => {
  it('waitFor returns the first truthy value', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : 0), { intervalMs: 1 })).resolves.toBe(3);
  });
  it('waitFor fails with the message and the last error once the time is up', async () => {
    await expect(waitFor(() => { throw new Error('not yet'); }, { timeoutMs: 30, intervalMs: 5, message: 'the broker answered' })).rejects.toThrow(
      /the broker answered within 30 ms \(last error: not yet\)/,
    );
  });
  it('uniqueName never repeats', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('t')));
    expect(names.size).toBe(1000);
  });
});
