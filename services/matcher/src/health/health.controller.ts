import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { BusAdmin } from '@riposte/bus';
import { pingRedis } from '@riposte/store';
import { PolicyProvider } from '../policy/policy.provider';
import { REDIS } from '../registry/registry.module';

/** A probe answers within this many ms or counts as down: kafkajs and ioredis retry for much longer. */
const PROBE_TIMEOUT_MS = 2000;

/** One dependency's answer to its probe. */
export interface DependencyHealth {
  readonly ok: boolean;
  readonly error?: string;
}

async function probe(fn: () => Promise<unknown>): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([fn(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

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
    const [kafka, redis] = await Promise.all([probe(() => this.admin.probe()), probe(() => pingRedis(this.redis))]);
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
