import { Inject, Injectable } from '@nestjs/common';
import { DependencyUnavailableError } from '@riposte/contracts';
import type { Redis } from 'ioredis';
import { REDIS, StoreKeys } from '@riposte/store';
import type { SavedPosition } from './start-position';

/** The durable read position of each tailed file, one Redis HASH per path (`identity`, `position`, `path`). */
@Injectable()
export class FilePositionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: StoreKeys,
  ) {}

  /** The saved position, or undefined when this path was never tailed (or its record is unreadable). */
  async load(path: string): Promise<SavedPosition | undefined> {
    const h = await this.call(() => this.redis.hgetall(this.keys.ingestFilePosition(path)));
    const position = Number(h.position);
    if (!h.identity || !Number.isSafeInteger(position) || position < 0) return undefined;
    return { identity: h.identity, position };
  }

  async save(path: string, saved: SavedPosition): Promise<void> {
    await this.call(() => this.redis.hset(this.keys.ingestFilePosition(path), { identity: saved.identity, position: String(saved.position), path }));
  }

  /** Forgets a path's position (tests and operators start over with it). */
  async forget(path: string): Promise<void> {
    await this.call(() => this.redis.del(this.keys.ingestFilePosition(path)));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw new DependencyUnavailableError('Redis did not answer', { cause });
    }
  }
}
