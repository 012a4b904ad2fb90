import { Inject, Injectable } from '@nestjs/common';
import { AppError, DependencyUnavailableError, type Topics } from '@riposte/contracts';
import { BusAdmin } from './bus-admin';
import { TOPICS } from './bus.module';

/**
 * Creates an agent's command topic the first time a service sends to it (one partition: one executor reads it, in
 * order). Remembers which exist, so the admin round trip happens once per agent id per process.
 */
@Injectable()
export class ExecTopics {
  private readonly known = new Set<string>();

  constructor(
    private readonly admin: BusAdmin,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {}

  async ensure(agentIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(agentIds)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    try {
      await this.admin.ensureTopics(missing.map((id) => ({ topic: this.topics.exec(id), numPartitions: 1 })));
    } catch (cause) {
      // The message that needed it is redelivered and the creation retried; nothing was published yet.
      if (cause instanceof AppError) throw cause;
      throw new DependencyUnavailableError('cannot create the agent command topics', { cause });
    }
    for (const id of missing) this.known.add(id);
  }
}
