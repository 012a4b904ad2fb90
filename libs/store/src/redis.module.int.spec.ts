import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { redisUrl, uniqueName, waitFor } from '@riposte/testing';
import { RedisAgentRegistry } from './agent-registry.store';
import { redisOptionsFromEnv } from './create-redis';
import { REDIS, RedisModule } from './redis.module';
import { StoreKeys } from './store-keys';
import { RedisTimerStore } from './timer.store';

describe('RedisModule on the real Redis', () => {
  const connection = redisOptionsFromEnv({ REDIS_URL: redisUrl() });

  it('provides one client, the keys under the prefix and the stores, and closes the client at shutdown', async () => {
    const prefix = uniqueName('store-module');
    const app = await NestFactory.createApplicationContext(RedisModule.forRoot({ connection, prefix }), { logger: false });
    const redis = app.get<Redis>(REDIS);
    expect(await redis.ping()).toBe('PONG');
    expect(app.get(StoreKeys).prefix).toBe(prefix);
    expect(app.get(RedisTimerStore)).toBeInstanceOf(RedisTimerStore);
    expect(await app.get(RedisAgentRegistry).activeAgentIds(0)).toEqual([]);
    expect(redis.listenerCount('error')).toBe(1);
    await app.close();
    // QUIT is answered before the socket closes.
    await waitFor(() => redis.status === 'end', { message: 'the client is closed' });
  });

  it('leaves a lazy client unconnected until its first command, and closes it without connecting', async () => {
    const app = await NestFactory.createApplicationContext(RedisModule.forRoot({ connection, prefix: uniqueName('lazy'), lazyConnect: true }), { logger: false });
    const redis = app.get<Redis>(REDIS);
    expect(redis.status).toBe('wait');
    await app.close();
    expect(redis.status).toBe('end');
  });
});
