import { z } from 'zod';
import type { RedisOptions } from 'ioredis';
import type { KafkaConfig } from 'kafkajs';
import { agentIdentityFromEnv, kafkaConfigFromEnv, loadSigningKey, tlsFromEnv, type SigningKey, type TlsFiles } from '@riposte/bus';
import { collectConfig, envInt, KEY_ID_PATTERN, parseEnv } from '@riposte/contracts';
import { redisOptionsFromEnv } from '@riposte/store';

/** The scheduler's own variables (Kafka's, Redis's and TLS's are validated in the same parse by their helpers). */
const EnvSchema = z.object({
  RIPOSTE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_{}.-]+$/, 'letters, digits and _ - . { } only').default('riposte'),
  SCHEDULER_PORT: envInt(8423, 0, 65535),
  SCHEDULER_HOST: z.string().default('127.0.0.1'),
  /** Timers claimed and published per round. */
  SCHEDULER_BATCH: envInt(500, 1, 5000),
  /** How long a claim lasts before another instance may fire the timer again. */
  SCHEDULER_LEASE_MS: envInt(30_000, 1000, 3_600_000),
  /** The longest sleep of the firing loop: the worst added lateness of a timer. */
  SCHEDULER_TICK_MS: envInt(100, 10, 60_000),
  /** The issuer key every delete is signed with: Ed25519, PKCS#8 PEM, mode 0600 (`riposte keys generate`). */
  RIPOSTE_SIGNING_KEY_FILE: z.string({ required_error: 'is required (the issuer key commands are signed with; riposte keys generate)' }),
  /** The key id executors know the key by. @defaultValue the key's own id (keyIdOf) */
  RIPOSTE_SIGNING_KEY_ID: z.string().regex(KEY_ID_PATTERN, 'letters, digits and . _ : - only, at most 64').optional(),
});

export interface SchedulerEnv {
  readonly redis: RedisOptions;
  /** `KAFKA_*`, validated by `kafkaConfigFromEnv`. */
  readonly kafka: KafkaConfig;
  /** `SCHEDULER_TLS_CERT_FILE` and `SCHEDULER_TLS_KEY_FILE`: HTTPS when set. */
  readonly tls?: TlsFiles;
  readonly redisPrefix: string;
  readonly port: number;
  readonly host: string;
  readonly batch: number;
  readonly leaseMs: number;
  readonly tickMs: number;
  /** The issuer key, read once at boot (`RIPOSTE_SIGNING_KEY_FILE`, `RIPOSTE_SIGNING_KEY_ID`). */
  readonly signingKey: SigningKey;
  /** `RIPOSTE_ENROLMENT_REFRESH_MS`: how often the enrolled agent keys are re-read. @defaultValue 5000 */
  readonly enrolmentRefreshMs: number;
  /** `SCHEDULER_AGENT_CLOCK_SKEW_MS`: clock difference tolerated with the agents signing timer requests. @defaultValue 30000 */
  readonly agentClockSkewMs: number;
}

/** The validated environment, behind a typed getter (validated once at boot, never on first read). */
export class SchedulerConfig {
  constructor(
    private readonly values: SchedulerEnv,
    /** The raw environment. */
    readonly raw: NodeJS.ProcessEnv = {},
  ) {}

  get<K extends keyof SchedulerEnv>(key: K): SchedulerEnv[K] {
    return this.values[key];
  }
}

/** Validates the environment; throws one ConfigError naming every bad variable. */
export function loadSchedulerEnv(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  const { e, redis, kafka, tls, identity } = collectConfig({
    e: () => parseEnv(EnvSchema, env),
    identity: () => agentIdentityFromEnv(env, 'SCHEDULER'),
    redis: () => redisOptionsFromEnv(env),
    kafka: () => kafkaConfigFromEnv(env, 'riposte-scheduler'),
    tls: () => tlsFromEnv(env, 'SCHEDULER'),
  });
  return new SchedulerConfig(
    {
      redis,
      kafka,
      ...(tls && { tls }),
      redisPrefix: e.RIPOSTE_REDIS_PREFIX,
      port: e.SCHEDULER_PORT,
      host: e.SCHEDULER_HOST,
      batch: e.SCHEDULER_BATCH,
      leaseMs: e.SCHEDULER_LEASE_MS,
      tickMs: e.SCHEDULER_TICK_MS,
      signingKey: loadSigningKey(e.RIPOSTE_SIGNING_KEY_FILE, e.RIPOSTE_SIGNING_KEY_ID),
      ...identity,
    },
    env,
  );
}
