import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AgentIdSchema, isAgentId, keyIdOf, parseJson, parsePublicKeyPem, parseWith, type AgentKey } from '@riposte/contracts';
import { withRedis } from './store-errors';
import type { StoreKeys } from './store-keys';

/** An agent's enrolled public key as stored (issue 10): one key per agent; enrolling again replaces it (rotation). */
export const EnrolledKeySchema = z.object({
  agentId: AgentIdSchema,
  /** {@link keyIdOf} the public key: what the agent's signatures name. */
  keyId: z.string(),
  /** SPKI PEM. */
  publicKeyPem: z.string(),
  /** Epoch ms. */
  enrolledAt: z.number().int().nonnegative(),
  /** The operator who enrolled it. */
  enrolledBy: z.string(),
});
export type EnrolledKey = z.infer<typeof EnrolledKeySchema>;

/**
 * The agents an admin has enrolled, and the public key of each: written by the control API, read by everything
 * that accepts what agents say (heartbeats, timer requests) or sends them commands. An agent with no key here gets
 * no command and is not listened to.
 */
export class RedisAgentKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StoreKeys,
  ) {}

  /** Enrols (or re-enrols, replacing the previous key) `agentId` with an Ed25519 SPKI PEM; throws on a bad key or id. */
  async enrol(agentId: string, publicKeyPem: string, enrolledBy: string, now: number): Promise<EnrolledKey> {
    if (!isAgentId(agentId)) throw new TypeError(`'${agentId}' is not an agent id (3 to 8 digits)`);
    const key = parsePublicKeyPem(publicKeyPem, `agent ${agentId}'s public key`);
    const entry: EnrolledKey = { agentId, keyId: keyIdOf(key), publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(), enrolledAt: now, enrolledBy };
    await withRedis('enrol agent key', () => this.redis.hset(this.keys.agents.enrolledKeys, agentId, JSON.stringify(entry)));
    return entry;
  }

  /** Removes the agent's key; it then gets no command and its messages are dropped. Returns whether it had one. */
  async revoke(agentId: string): Promise<boolean> {
    return (await withRedis('revoke agent key', () => this.redis.hdel(this.keys.agents.enrolledKeys, agentId))) === 1;
  }

  async get(agentId: string): Promise<EnrolledKey | null> {
    const text = await withRedis('get agent key', () => this.redis.hget(this.keys.agents.enrolledKeys, agentId));
    return text === null ? null : decode(text);
  }

  /** Every enrolled key, sorted by agent id. One round trip. */
  async all(): Promise<EnrolledKey[]> {
    const all = await withRedis('list agent keys', () => this.redis.hgetall(this.keys.agents.enrolledKeys));
    return Object.values(all)
      .map(decode)
      .sort((a, b) => a.agentId.localeCompare(b.agentId));
  }
}

function decode(text: string): EnrolledKey {
  return parseWith(EnrolledKeySchema, 'stored agent key', parseJson(text, 'stored agent key'));
}

/** The verification view of enrolled keys: key id → the agent it speaks for and its public key. */
export function toAgentKeys(entries: readonly EnrolledKey[]): Map<string, AgentKey> {
  return new Map(entries.map((e) => [e.keyId, { agentId: e.agentId, key: parsePublicKeyPem(e.publicKeyPem, `agent ${e.agentId}'s enrolled key`) }]));
}

/** What a consumer needs to know about enrolment at one moment. */
export interface EnrolmentView {
  /** Key id → agent and public key, for `verifyAgentMessage`. */
  readonly agentKeys: ReadonlyMap<string, AgentKey>;
  /** Agent ids with a key. */
  readonly enrolled: ReadonlySet<string>;
}

/**
 * A cached view of {@link RedisAgentKeyStore}, re-read at most every `refreshMs` (env `RIPOSTE_ENROLMENT_REFRESH_MS`),
 * so the hot path costs no round trip. An enrolment or revocation therefore takes effect within `refreshMs`.
 * `now` is passed in. A failed read rethrows (retriable) and the next call reads again.
 */
export class EnrolledAgents {
  private view: EnrolmentView = { agentKeys: new Map(), enrolled: new Set() };
  private readAt = -Infinity;
  private inflight: Promise<EnrolmentView> | null = null;

  constructor(
    private readonly store: Pick<RedisAgentKeyStore, 'all'>,
    private readonly refreshMs: number,
  ) {}

  /** The view as of at most `refreshMs` ago. */
  async current(now: number): Promise<EnrolmentView> {
    if (now - this.readAt < this.refreshMs) return this.view;
    this.inflight ??= this.reload(now).finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Forgets the cache, so the next {@link current} reads Redis (after an enrolment through this process). */
  invalidate(): void {
    this.readAt = -Infinity;
  }

  private async reload(now: number): Promise<EnrolmentView> {
    const entries = await this.store.all();
    this.view = { agentKeys: toAgentKeys(entries), enrolled: new Set(entries.map((e) => e.agentId)) };
    this.readAt = now;
    return this.view;
  }
}
