import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BusAdmin } from '@riposte/bus';
import { pingRedis } from '@riposte/store';
import { Public } from '../auth/roles.decorator';
import { PolicyProvider } from '../policy/policy.provider';
import { REDIS } from '../store/store.module';

type Check = { ok: true } & Record<string, unknown>;
type Failed = { ok: false; error: string };

export interface HealthBody {
  status: 'ok' | 'unavailable';
  kafka: Check | Failed;
  redis: Check | Failed;
  policy: Check;
}

async function check(fn: () => Promise<Record<string, unknown> | void>): Promise<Check | Failed> {
  try {
    return { ok: true, ...((await fn()) ?? {}) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
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
    const [kafka, redis] = await Promise.all([check(() => this.admin.probe()), check(() => pingRedis(this.redis))]);
    // The provider refuses to boot without a valid policy and keeps the last good one, so it is always loaded.
    const body: HealthBody = { status: kafka.ok && redis.ok ? 'ok' : 'unavailable', kafka, redis, policy: { ok: true, ...this.policy.status() } };
    if (body.status !== 'ok') throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
