import type { Redis } from 'ioredis';
import { AgentHeartbeatV1, parseJson, type AgentHeartbeat } from '@riposte/contracts';
import { runScript } from './run-script';
import { activeUntil, isAgentActive } from './agent-activity';
import { withRedis } from './store-errors';
import type { StoreKeys } from './store-keys';

/** An agent as the registry knows it, seen at some `now`. */
export interface AgentView {
  readonly id: string;
  readonly name: string;
  readonly os: string;
  readonly version: string;
  /** Epoch ms of the last heartbeat (the executor's clock). */
  readonly lastSeen: number;
  readonly status: AgentHeartbeat['status'];
  readonly active: boolean;
  /** The agent's own `<active-response><disabled>` (spec §1.3). */
  readonly arDisabled: boolean;
}

/**
 * The registry of agents fed by executor heartbeats (AgentHeartbeatV1): written by the matcher's heartbeat
 * consumer, read by the matcher (targets of `all`) and the control API. The manager 000 is an agent like the
 * others once its executor heartbeats.
 */
export class RedisAgentRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StoreKeys,
  ) {}

  /** Records one heartbeat; an older one than the agent's last is ignored. Returns whether it was recorded. */
  async record(hb: AgentHeartbeat): Promise<boolean> {
    return (await this.recordMany([hb])) === 1;
  }

  /** Records a batch of heartbeats in one round trip. Returns how many were recorded. */
  async recordMany(hbs: readonly AgentHeartbeat[]): Promise<number> {
    if (hbs.length === 0) return 0;
    const args: (string | number)[] = [];
    for (const hb of hbs) args.push(hb.agentId, hb.at, activeUntil(hb) ?? '', JSON.stringify(hb));
    const k = this.keys.agents;
    return (await runScript(this.redis, 'recordHeartbeats', [k.info, k.seen, k.activeUntil], args)) as number;
  }

  /** Ids of the agents active at `now` (online and `at + ttlMs > now`), sorted. One round trip. */
  async activeAgentIds(now: number): Promise<string[]> {
    const ids = await withRedis('active agents', () => this.redis.zrangebyscore(this.keys.agents.activeUntil, `(${now}`, '+inf'));
    return ids.sort();
  }

  /** Every agent ever recorded, sorted by id. */
  async list(now: number): Promise<AgentView[]> {
    const all = await withRedis('list agents', () => this.redis.hgetall(this.keys.agents.info));
    return Object.values(all)
      .map((text) => toView(decode(text), now))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async get(id: string, now: number): Promise<AgentView | null> {
    const text = await withRedis('get agent', () => this.redis.hget(this.keys.agents.info, id));
    return text === null ? null : toView(decode(text), now);
  }
}

function decode(text: string): AgentHeartbeat {
  return AgentHeartbeatV1.parse(parseJson(text, 'stored heartbeat'));
}

function toView(hb: AgentHeartbeat, now: number): AgentView {
  return {
    id: hb.agentId,
    name: hb.name,
    os: hb.os,
    version: hb.version,
    lastSeen: hb.at,
    status: hb.status,
    active: isAgentActive(hb, now),
    arDisabled: hb.arDisabled,
  };
}
