import { Module } from '@nestjs/common';
import { BusAdmin, dependency, HealthController, healthChecks, MetricsController, status } from '@riposte/bus';
import { pingRedis, REDIS } from '@riposte/store';
import type { Redis } from 'ioredis';
import { PolicyModule } from '../policy/policy.module';
import { PolicyProvider } from '../policy/policy.provider';

/** `GET /health` (Kafka, Redis and the policy in force) and `GET /metrics`. */
@Module({
  imports: [PolicyModule],
  controllers: [HealthController, MetricsController],
  providers: [
    healthChecks([BusAdmin, REDIS, PolicyProvider], (admin: BusAdmin, redis: Redis, policy: PolicyProvider) => ({
      kafka: dependency(() => admin.probe()),
      redis: dependency(() => pingRedis(redis)),
      policy: status(() => {
        const p = policy.current();
        return { loaded: true, source: p.policy.source, responses: p.responseCount, sha256: p.hash, loadedAt: new Date(p.loadedAt).toISOString() };
      }),
    })),
  ],
})
export class HealthModule {}
