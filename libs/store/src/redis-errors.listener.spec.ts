import { EventEmitter } from 'node:events';
import { listenToRedisErrors } from './redis-errors.listener';

describe('listenToRedisErrors', () => {
  it('logs the first error at once, then at most one per period with the count left out', () => {
    const redis = new EventEmitter();
    const lines: Record<string, unknown>[] = [];
    let now = 1_000;
    listenToRedisErrors(redis, { warn: (f) => lines.push(f) }, 10_000, () => now);

    redis.emit('error', new Error('ECONNREFUSED'));
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      redis.emit('error', new Error('ECONNREFUSED'));
    }
    expect(lines).toEqual([{ msg: 'Redis connection error', error: 'ECONNREFUSED', suppressed: 0 }]);

    now = 11_000;
    redis.emit('error', new Error('ETIMEDOUT'));
    expect(lines).toEqual([
      { msg: 'Redis connection error', error: 'ECONNREFUSED', suppressed: 0 },
      { msg: 'Redis connection error', error: 'ETIMEDOUT', suppressed: 5 },
    ]);
  });
});
