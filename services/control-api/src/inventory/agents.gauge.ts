import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { Clock } from '@riposte/contracts';
import { CLOCK, metricsRegistry } from '@riposte/bus';
import { RedisAgentRegistry } from '@riposte/store';

const NAME = 'riposte_control_agents';

/**
 * `riposte_control_agents{state="active"|"inactive"}`: agents in the registry by heartbeat state, read from Redis at
 * each scrape (as GET /agents shows them), so an alert can name agents whose executor went quiet.
 */
@Injectable()
export class AgentsGauge implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly registry: RedisAgentRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // One process may host several app instances in tests: the newest registry wins.
    metricsRegistry.removeSingleMetric(NAME);
    const { registry, clock } = this;
    new Gauge({
      name: NAME,
      help: 'Agents in the registry, by state (active: a heartbeat within its TTL)',
      labelNames: ['state'],
      registers: [metricsRegistry],
      async collect() {
        const agents = await registry.list(clock());
        const active = agents.filter((a) => a.active).length;
        this.set({ state: 'active' }, active);
        this.set({ state: 'inactive' }, agents.length - active);
      },
    });
  }

  onModuleDestroy(): void {
    metricsRegistry.removeSingleMetric(NAME);
  }
}
