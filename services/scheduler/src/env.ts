import { z } from 'zod';
import type { RedisOptions } from 'ioredis';
import type { KafkaConfig } from 'kafkajs';
import { agentIdentityFromEnv, commandRetentionFromEnv, kafkaConfigFromEnv, loadSigningKey, tlsFromEnv, type SigningKey, type TlsFiles } from '@riposte/bus';
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
  /** How far an agent's clock may be from the scheduler's before its times are not trusted (`admitDueAt`). */
  /** How long a timer request may plausibly wait in Kafka; an older one is timed from its receipt (`admitDueAt`). */
  SCHEDULER_AGENT_MAX_LAG_MS: envInt(60_000, 0, 86_400_000),
  /** First wait of an agent whose topic refused its deletes; doubles on each failure in a row. */
  SCHEDULER_PARK_BASE_MS: envInt(1000, 10, 3_600_000),
  /** Longest wait between two attempts of a parked agent. */
  SCHEDULER_PARK_MAX_MS: envInt(60_000, 10, 86_400_000),
  /** Retries of one delete send before its agent is parked (kept small: a refusing topic must not hold the loop). */
  SCHEDULER_SEND_RETRIES: envInt(2, 0, 10),
  /** A reconcile re-fires a retired generation only once it was retired this long ago (its delete may be queued). */
  SCHEDULER_REFIRE_GRACE_MS: envInt(60_000, 0, 86_400_000),
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
  readonly clockSkewMs: number;
  readonly maxLagMs: number;
  readonly parkBaseMs: number;
  readonly parkMaxMs: number;
  readonly sendRetries: number;
  readonly refireGraceMs: number;
  /** `RIPOSTE_COMMAND_RETENTION_MS`: retention of the command topics (default 7 days). */
  readonly commandRetentionMs: number;
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
  const { e, redis, kafka, tls, commandRetentionMs, identity } = collectConfig({
    commandRetentionMs: () => commandRetentionFromEnv(env),
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
      // One allowance for the agents' clocks: their signatures and their due times alike.
      clockSkewMs: identity.agentClockSkewMs,
      maxLagMs: e.SCHEDULER_AGENT_MAX_LAG_MS,
      parkBaseMs: e.SCHEDULER_PARK_BASE_MS,
      parkMaxMs: Math.max(e.SCHEDULER_PARK_MAX_MS, e.SCHEDULER_PARK_BASE_MS),
      sendRetries: e.SCHEDULER_SEND_RETRIES,
      refireGraceMs: e.SCHEDULER_REFIRE_GRACE_MS,
      commandRetentionMs,
      signingKey: loadSigningKey(e.RIPOSTE_SIGNING_KEY_FILE, e.RIPOSTE_SIGNING_KEY_ID),
      ...identity,
    },
    env,
  );
}
