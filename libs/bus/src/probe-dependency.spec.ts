import { probeDependency } from './probe-dependency';

describe('probeDependency', () => {
  it('reports what the probe returned', async () => {
    await expect(probeDependency(async () => ({ brokers: 1 }))).resolves.toEqual({ ok: true, brokers: 1 });
  });
  it('reports a failure with its message', async () => {
    await expect(probeDependency(async () => { throw new Error('ECONNREFUSED'); })).resolves.toEqual({ ok: false, error: 'ECONNREFUSED' });
  });
  it('reports a probe that does not answer in time as down', async () => {
    await expect(probeDependency(() => new Promise(() => undefined), 20)).resolves.toEqual({ ok: false, error: 'no answer within 20 ms' });
  });
});
