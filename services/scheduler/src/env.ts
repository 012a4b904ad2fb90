import { z } from 'zod';
import type { RedisOptions } from 'ioredis';
import { ConfigError, describeIssues } from '@riposte/contracts';
import { redisOptionsFromEnv } from '@riposte/store';

const unset = (v: unknown) => (v === '' ? undefined : v);
const int = (min: number, max: number, fallback: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max).default(fallback));

/** The scheduler's own variables (Kafka's are validated by `BusModule`, Redis's by `redisOptionsFromEnv`). */
const EnvSchema = z.object({
  RIPOSTE_REDIS_PREFIX: z.preprocess(unset, z.string().regex(/^[A-Za-z0-9_{}.-]+$/, 'letters, digits and _ - . { } only').default('riposte')),
  SCHEDULER_PORT: int(0, 65535, 8423),
  SCHEDULER_HOST: z.preprocess(unset, z.string().default('127.0.0.1')),
  /** Timers claimed and published per round. */
  SCHEDULER_BATCH: int(1, 5000, 500),
  /** How long a claim lasts before another instance may fire the timer again. */
  SCHEDULER_LEASE_MS: int(1000, 3_600_000, 30_000),
  /** The longest sleep of the firing loop: the worst added lateness of a timer. */
  SCHEDULER_TICK_MS: int(10, 60_000, 100),
});

export interface SchedulerEnv {
  readonly redis: RedisOptions;
  readonly redisPrefix: string;
  readonly port: number;
  readonly host: string;
  readonly batch: number;
  readonly leaseMs: number;
  readonly tickMs: number;
}

/** The validated environment, behind a typed getter (validated once at boot, never on first read). */
export class SchedulerConfig {
  constructor(private readonly values: SchedulerEnv) {}
  get<K extends keyof SchedulerEnv>(key: K): SchedulerEnv[K] {
    return this.values[key];
  }
}

/** Validates the environment; throws one ConfigError naming every bad variable. */
export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid scheduler environment: ${describeIssues(parsed.error).join('; ')}`);
  const e = parsed.data;
  return new SchedulerConfig({
    redis: redisOptionsFromEnv(env),
    redisPrefix: e.RIPOSTE_REDIS_PREFIX,
    port: e.SCHEDULER_PORT,
    host: e.SCHEDULER_HOST,
    batch: e.SCHEDULER_BATCH,
    leaseMs: e.SCHEDULER_LEASE_MS,
    tickMs: e.SCHEDULER_TICK_MS,
  });
}
