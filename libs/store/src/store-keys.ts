/**
 * The one place Redis keys are built (bullmq `QueueKeys` style): `<prefix>:<area>:<type>[:<id>]`.
 *
 * Every script receives its keys from here through `KEYS[]`, so a deployment on Redis Cluster only needs a
 * hash-tagged prefix (`RIPOSTE_REDIS_PREFIX={riposte}`) to keep each area in one slot.
 */

import { createHash } from 'node:crypto';

/** The keys of the durable timers (deviation b). Members and hash fields are timer ids (`<agentId>:<rkey>`). */
export interface TimerKeys {
  /** ZSET timer id → due time (epoch ms): timers waiting to fire. */
  readonly due: string;
  /** ZSET timer id → lease expiry (epoch ms): timers a scheduler instance is firing right now. */
  readonly claimed: string;
  /** HASH timer id → the stored timer (JSON: the schedule and its trace id). */
  readonly payload: string;
  /** HASH timer id → generation (the schedule's `addedAt`), compared by the scripts without decoding JSON. */
  readonly generation: string;
  /** HASH timer id → the last generation fired or cancelled, so a redelivered old schedule cannot revive it. */
  readonly retired: string;
  /** ZSET timer id → when it was retired (epoch ms), to prune `retired` after the retention. */
  readonly retiredAt: string;
}

/** The keys of the agent registry fed by executor heartbeats. Members and hash fields are agent ids. */
export interface AgentKeys {
  /** HASH agent id → the last heartbeat (JSON). */
  readonly info: string;
  /** ZSET agent id → `at` of the last heartbeat (epoch ms), so an older heartbeat never overwrites a newer one. */
  readonly seen: string;
  /** ZSET agent id → `at + ttlMs` of online agents: active while the score is in the future. */
  readonly activeUntil: string;
  /** HASH agent id → the agent's enrolled public key (JSON {@link EnrolledKey}), set by an admin. */
  readonly enrolledKeys: string;
}

const PREFIX_PATTERN = /^[A-Za-z0-9_{}.-]+$/;

/** Builds every Redis key of the project under one prefix (env `RIPOSTE_REDIS_PREFIX`, default `riposte`). */
export class StoreKeys {
  readonly timers: TimerKeys;
  readonly agents: AgentKeys;

  /** @param prefix letters, digits and `_ - . { }`; tests pass a unique one per file. @defaultValue `riposte` */
  constructor(readonly prefix: string = 'riposte') {
    if (!PREFIX_PATTERN.test(prefix)) throw new Error(`invalid Redis key prefix '${prefix}'`);
    this.timers = {
      due: this.key('timers', 'due'),
      claimed: this.key('timers', 'claimed'),
      payload: this.key('timers', 'payload'),
      generation: this.key('timers', 'generation'),
      retired: this.key('timers', 'retired'),
      retiredAt: this.key('timers', 'retired-at'),
    };
    this.agents = {
      info: this.key('agents', 'info'),
      seen: this.key('agents', 'seen'),
      activeUntil: this.key('agents', 'active-until'),
      enrolledKeys: this.key('agents', 'enrolled-keys'),
    };
  }

  /** HASH of the durable read position of one file alert-ingest tails; keyed by the path's SHA-1. */
  ingestFilePosition(path: string): string {
    return this.key('ingest', 'file', createHash('sha1').update(path).digest('hex'));
  }

  /** `<prefix>:<area>:<type>[:<id>]`. */
  key(area: string, type: string, id?: string): string {
    return id === undefined ? `${this.prefix}:${area}:${type}` : `${this.prefix}:${area}:${type}:${id}`;
  }
}
