import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { BusAdmin, TOPICS } from '@riposte/bus';
import type { Topics } from '@riposte/contracts';

/**
 * Creates the topics alert-ingest reads and writes before any input starts (module init runs before every
 * bootstrap hook and before the HTTP listener opens).
 */
@Injectable()
export class IngestTopics implements OnModuleInit {
  constructor(
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly admin: BusAdmin,
  ) {}

  async onModuleInit(): Promise<void> {
    const t = this.topics;
    await this.admin.ensureTopics([t.rawAlerts, t.alerts, t.dlq(t.rawAlerts), t.dlq(t.alerts)].map((topic) => ({ topic })));
  }
}
