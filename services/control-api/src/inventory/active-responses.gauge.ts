import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { metricsRegistry } from '@riposte/bus';
import { RedisTimerStore } from '@riposte/store';

const NAME = 'riposte_control_active_responses';

/**
 * `riposte_control_active_responses`: stateful responses active now (pending timers), read from Redis at each
 * scrape so it is right whichever scheduler instance wrote them.
 */
@Injectable()
export class ActiveResponsesGauge implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly timers: RedisTimerStore) {}

  onModuleInit(): void {
    // One process may host several app instances in tests: the newest store wins.
    metricsRegistry.removeSingleMetric(NAME);
    const timers = this.timers;
    new Gauge({
      name: NAME,
      help: 'Stateful responses active now (pending timers in the store)',
      registers: [metricsRegistry],
      async collect() {
        this.set(await timers.count());
      },
    });
  }

  onModuleDestroy(): void {
    metricsRegistry.removeSingleMetric(NAME);
  }
}
