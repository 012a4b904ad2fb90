/**
 * Agent identity in tests (issue 10): enrol an agent's test key as an admin does (through `RedisAgentKeyStore`,
 * the store the control API writes), and sign a heartbeat or timer request as that agent's executor does.
 */
import type { Redis } from 'ioredis';
import { encodeValue } from '@riposte/bus';
import { signAgentOutgoing, type OutgoingMessage } from '@riposte/contracts';
import { RedisAgentKeyStore, type EnrolledKey, type StoreKeys } from '@riposte/store';
import type { TestAgentKey } from './signing-keys';

/** Enrols `agentKey`'s public key for its agent under `keys`' prefix; the services see it within their refresh. */
export function enrolTestAgent(redis: Redis, keys: StoreKeys, agentKey: Pick<TestAgentKey, 'agentId' | 'publicKeyPem'>, now = Date.now()): Promise<EnrolledKey> {
  return new RedisAgentKeyStore(redis, keys).enrol(agentKey.agentId, agentKey.publicKeyPem, 'test', now);
}

/** {@link enrolTestAgent} for each key. */
export async function enrolTestAgents(redis: Redis, keys: StoreKeys, agentKeys: Iterable<Pick<TestAgentKey, 'agentId' | 'publicKeyPem'>>): Promise<void> {
  for (const k of agentKeys) await enrolTestAgent(redis, keys, k);
}

/**
 * Signs `m` (built with `withEnvelope`) as the executor of `asAgent` does, with `by`'s key (`asAgent` defaults to
 * the key's own agent: pass another id to forge); the value becomes the bytes the producer sends.
 */
export function agentSigned<M extends OutgoingMessage>(m: M, by: Pick<TestAgentKey, 'agentId' | 'privateKey' | 'keyId'>, asAgent = by.agentId): M {
  const encoded = encodeValue(m.value);
  const value = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
  return { ...m, value, headers: signAgentOutgoing({ topic: m.topic, key: m.key, headers: m.headers ?? {}, value }, asAgent, by.privateKey, by.keyId) };
}
