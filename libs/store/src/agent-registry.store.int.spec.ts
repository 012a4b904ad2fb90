import type { Redis } from 'ioredis';
import type { AgentHeartbeat } from '@riposte/contracts';
import { deleteKeys, requireRedis, uniqueName } from '@riposte/testing';
import { RedisAgentRegistry } from './agent-registry.store';
import { StoreKeys } from './store-keys';

const T0 = 1_700_000_000_000;
const hb = (o: Partial<AgentHeartbeat> = {}): AgentHeartbeat => ({
  agentId: '001',
  name: 'web-1',
  os: 'linux',
  version: '4.14.7',
  status: 'online',
  arDisabled: false,
  at: T0,
  ttlMs: 30_000,
  ...o,
});

describe('RedisAgentRegistry on the real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('store-agents');
  let registry: RedisAgentRegistry;
  let n = 0;

  beforeAll(async () => {
    redis = await requireRedis();
  });
  beforeEach(() => {
    registry = new RedisAgentRegistry(redis, new StoreKeys(`${prefix}-${++n}`));
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('an agent is active while at + ttl > now, then inactive', async () => {
    await registry.record(hb());
    expect(await registry.activeAgentIds(T0 + 29_999)).toEqual(['001']);
    expect(await registry.activeAgentIds(T0 + 30_000)).toEqual([]);
    expect(await registry.get('001', T0 + 30_000)).toMatchObject({ id: '001', active: false, lastSeen: T0 });
  });

  it('the manager 000 is an agent like the others once its executor heartbeats', async () => {
    await registry.recordMany([hb({ agentId: '002' }), hb({ agentId: '000', name: 'manager' })]);
    expect(await registry.activeAgentIds(T0 + 1)).toEqual(['000', '002']);
  });

  it('a heartbeat renews the agent; an older one arriving late is ignored', async () => {
    await registry.record(hb());
    expect(await registry.record(hb({ at: T0 + 20_000 }))).toBe(true);
    expect(await registry.record(hb({ at: T0 + 10_000, status: 'stopping' }))).toBe(false);
    expect(await registry.activeAgentIds(T0 + 45_000)).toEqual(['001']);
    expect((await registry.get('001', T0 + 45_000))?.lastSeen).toBe(T0 + 20_000);
  });

  it('an agent that says it is stopping is inactive at once', async () => {
    await registry.record(hb());
    await registry.record(hb({ at: T0 + 1_000, status: 'stopping' }));
    expect(await registry.activeAgentIds(T0 + 1_001)).toEqual([]);
    expect(await registry.get('001', T0 + 1_001)).toMatchObject({ status: 'stopping', active: false });
  });

  it('list shows every agent with name, os, version, last seen, active and arDisabled', async () => {
    await registry.recordMany([hb({ agentId: '003', at: T0 - 60_000 }), hb({ agentId: '001', arDisabled: true, name: 'db-1', os: 'windows' })]);
    expect(await registry.list(T0 + 1)).toEqual([
      { id: '001', name: 'db-1', os: 'windows', version: '4.14.7', lastSeen: T0, status: 'online', active: true, arDisabled: true },
      { id: '003', name: 'web-1', os: 'linux', version: '4.14.7', lastSeen: T0 - 60_000, status: 'online', active: false, arDisabled: false },
    ]);
    expect(await registry.get('009', T0)).toBeNull();
  });
});
