import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BusAdmin, probeDependency, type DependencyHealth } from '@riposte/bus';
import { pingRedis, REDIS } from '@riposte/store';
import { Public } from '../auth/roles.decorator';
import { PolicyProvider } from '../policy/policy.provider';

export interface HealthBody {
  status: 'ok' | 'unavailable';
  kafka: DependencyHealth;
  redis: DependencyHealth;
  policy: DependencyHealth;
}

/** `GET /health`, no token: 200 when Kafka and Redis answer and a policy is loaded, else 503 with the same body. */
@Controller()
export class HealthController {
  constructor(
    private readonly admin: BusAdmin,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly policy: PolicyProvider,
  ) {}

  @Get('health')
  @Public()
  async health(): Promise<HealthBody> {
    const [kafka, redis] = await Promise.all([probeDependency(() => this.admin.probe()), probeDependency(() => pingRedis(this.redis))]);
    // The provider refuses to boot without a valid policy and keeps the last good one, so it is always loaded.
    const body: HealthBody = { status: kafka.ok && redis.ok ? 'ok' : 'unavailable', kafka, redis, policy: { ok: true, ...this.policy.status() } };
    if (body.status !== 'ok') throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
