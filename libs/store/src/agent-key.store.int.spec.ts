import type { Redis } from 'ioredis';
import { generateKeyPairPem } from '@riposte/contracts';
import { deleteKeys, requireRedis, uniqueName } from '@riposte/testing';
import { EnrolledAgents, RedisAgentKeyStore } from './agent-key.store';
import { StoreKeys } from './store-keys';

const T0 = 1_700_000_000_000;

describe('RedisAgentKeyStore on the real Redis', () => {
  let redis: Redis;
  const prefix = uniqueName('store-agent-keys');
  let store: RedisAgentKeyStore;
  let n = 0;

  beforeAll(async () => {
    redis = await requireRedis();
  });
  beforeEach(() => {
    store = new RedisAgentKeyStore(redis, new StoreKeys(`${prefix}-${++n}`));
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('enrols a key under its key id, and re-enrolling replaces it (rotation)', async () => {
    const first = generateKeyPairPem();
    const second = generateKeyPairPem();
    expect(await store.enrol('001', first.publicKeyPem, 'alice', T0)).toMatchObject({ agentId: '001', keyId: first.keyId, enrolledBy: 'alice', enrolledAt: T0 });
    await store.enrol('001', second.publicKeyPem, 'bob', T0 + 1);
    expect((await store.get('001'))?.keyId).toBe(second.keyId);
    expect((await store.all()).map((e) => e.keyId)).toEqual([second.keyId]);
  });

  it('refuses a private key, a non-Ed25519 text and a bad agent id, storing nothing', async () => {
    const pair = generateKeyPairPem();
    await expect(store.enrol('001', pair.privateKeyPem, 'alice', T0)).rejects.toThrow(/public key/);
    await expect(store.enrol('001', 'not a key', 'alice', T0)).rejects.toThrow();
    await expect(store.enrol('1', pair.publicKeyPem, 'alice', T0)).rejects.toThrow(/agent id/);
    expect(await store.all()).toEqual([]);
  });

  it('revokes: the agent is no longer enrolled', async () => {
    await store.enrol('002', generateKeyPairPem().publicKeyPem, 'alice', T0);
    expect(await store.revoke('002')).toBe(true);
    expect(await store.revoke('002')).toBe(false);
    expect(await store.get('002')).toBeNull();
  });

  it('EnrolledAgents re-reads at most every refreshMs, and at once after invalidate()', async () => {
    const cache = new EnrolledAgents(store, 1_000);
    const a = generateKeyPairPem();
    await store.enrol('003', a.publicKeyPem, 'alice', T0);
    const v1 = await cache.current(T0);
    expect([...v1.enrolled]).toEqual(['003']);
    expect(v1.agentKeys.get(a.keyId)?.agentId).toBe('003');
    await store.revoke('003');
    expect((await cache.current(T0 + 999)).enrolled.has('003')).toBe(true);
    expect((await cache.current(T0 + 1_000)).enrolled.has('003')).toBe(false);
    await store.enrol('003', a.publicKeyPem, 'alice', T0);
    cache.invalidate();
    expect((await cache.current(T0 + 1_001)).enrolled.has('003')).toBe(true);
  });
});
