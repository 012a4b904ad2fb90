import { AppError, DependencyUnavailableError } from '@riposte/contracts';

/** The one registry method the cache needs (a narrow port, so a unit test can pass an object literal). */
export interface ActiveAgentSource {
  activeAgentIds(now: number): Promise<readonly string[]>;
}

/**
 * The active agents, fetched at most once per `maxAgeMs`: an `all` response needs them for every alert, and one
 * Redis round trip per alert would cap throughput. Concurrent callers share one in-flight fetch.
 */
export class ActiveAgentsCache {
  private value?: readonly string[];
  private fetchedAt = 0;
  private inflight?: Promise<readonly string[]>;

  constructor(
    private readonly source: ActiveAgentSource,
    /** How long a fetched list is reused, in ms; 0 fetches every time. */
    private readonly maxAgeMs: number,
  ) {}

  async get(now: number): Promise<readonly string[]> {
    if (this.value && now - this.fetchedAt < this.maxAgeMs) return this.value;
    this.inflight ??= this.fetch(now).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(now: number): Promise<readonly string[]> {
    try {
      this.value = await this.source.activeAgentIds(now);
      this.fetchedAt = now;
      return this.value;
    } catch (cause) {
      // Redis trouble is worth a redelivery of the alert, not a dead letter.
      if (cause instanceof AppError) throw cause;
      throw new DependencyUnavailableError('cannot read the active agents', { cause });
    }
  }
}
