import { HttpException } from '@nestjs/common';
import { dependency, HealthController, status } from './health.controller';

describe('HealthController', () => {
  it('answers ok with every probe result and status when every dependency answers', async () => {
    const health = new HealthController({ kafka: dependency(async () => ({ brokers: 3 })), redis: dependency(async () => undefined), policy: status(() => ({ responses: 2 })) });
    await expect(health.health()).resolves.toEqual({ status: 'ok', tls: false, kafka: { ok: true, brokers: 3 }, redis: { ok: true }, policy: { responses: 2 } });
  });

  it('answers 503 with the same body when a dependency fails; a status never fails it', async () => {
    const health = new HealthController({ kafka: dependency(async () => ({ brokers: 1 })), redis: dependency(async () => { throw new Error('ECONNREFUSED'); }), file: status(() => null) });
    const error = await health.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpException);
    expect((error as HttpException).getStatus()).toBe(503);
    expect((error as HttpException).getResponse()).toEqual({ status: 'unavailable', tls: false, kafka: { ok: true, brokers: 1 }, redis: { ok: false, error: 'ECONNREFUSED' }, file: null });
  });
});
