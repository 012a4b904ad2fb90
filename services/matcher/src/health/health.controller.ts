import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BusAdmin, probeDependency } from '@riposte/bus';
import { pingRedis, REDIS } from '@riposte/store';
import { PolicyProvider } from '../policy/policy.provider';

/** `GET /health`: Kafka, Redis and the policy in force. 503 when a dependency does not answer. */
@Controller()
export class HealthController {
  constructor(
    private readonly admin: BusAdmin,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly policy: PolicyProvider,
  ) {}

  @Get('health')
  async health(): Promise<Record<string, unknown>> {
    const [kafka, redis] = await Promise.all([probeDependency(() => this.admin.probe()), probeDependency(() => pingRedis(this.redis))]);
    const p = this.policy.current();
    const body = {
      status: kafka.ok && redis.ok ? 'ok' : 'degraded',
      kafka,
      redis,
      policy: { loaded: true, source: p.policy.source, responses: p.responseCount, sha256: p.hash, loadedAt: new Date(p.loadedAt).toISOString() },
    };
    if (!kafka.ok || !redis.ok) throw new ServiceUnavailableException(body);
    return body;
  }
}
