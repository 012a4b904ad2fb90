import { Controller, Module } from '@nestjs/common';
import { BusAdmin, dependency, healthChecks, MetricsController, status, Public } from '@riposte/bus';
import { pingRedis, REDIS } from '@riposte/store';
import type { Redis } from 'ioredis';
import { PolicyProvider } from '../policy/policy.provider';
import { HealthController } from './health.controller';

/** `GET /metrics` without a token, like `/health`: Prometheus scrapes it and the counters carry no secrets. */
@Controller()
@Public()
export class PublicMetricsController extends MetricsController {}

@Module({
  controllers: [HealthController, PublicMetricsController],
  providers: [
    healthChecks([BusAdmin, REDIS, PolicyProvider], (admin: BusAdmin, redis: Redis, policy: PolicyProvider) => ({
      kafka: dependency(() => admin.probe()),
      redis: dependency(() => pingRedis(redis)),
      // The provider refuses to boot without a valid policy and keeps the last good one, so it is always loaded.
      policy: status(() => ({ ok: true, ...policy.status() })),
    })),
  ],
})
export class HealthModule {}
