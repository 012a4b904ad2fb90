import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Topics } from '@riposte/contracts';
import { BusAdmin, TOPICS } from '@riposte/bus';
import { MatcherEnv } from '../env';

/**
 * Creates, before any consumer starts, the topics the matcher reads and writes (agent command topics excepted:
 * they are created on the first dispatch to each agent). The alerts topic's partition count is the ceiling of
 * matcher parallelism, hence `RIPOSTE_ALERT_PARTITIONS`.
 */
@Injectable()
export class TopicsBootstrap implements OnModuleInit {
  private readonly logger = new Logger(TopicsBootstrap.name);

  constructor(
    private readonly admin: BusAdmin,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly env: MatcherEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    const t = this.topics;
    const partitions = this.env.get('RIPOSTE_ALERT_PARTITIONS');
    await this.admin.ensureTopics([
      { topic: t.alerts, numPartitions: partitions },
      { topic: t.dlq(t.alerts) },
      { topic: t.agents },
      { topic: t.dlq(t.agents) },
      { topic: t.audit },
    ]);
    const actual = await this.admin.partitionCount(t.alerts);
    if (actual < partitions) {
      // Created earlier (by another service or an older setting): more matchers than this stay idle.
      this.logger.warn({ msg: 'alerts topic has fewer partitions than configured', topic: t.alerts, partitions: actual, configured: partitions });
    }
  }
}
