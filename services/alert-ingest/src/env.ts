import * as path from 'node:path';
import type { RedisOptions } from 'ioredis';
import type { KafkaConfig } from 'kafkajs';
import { kafkaConfigFromEnv, tlsFromEnv, type TlsFiles } from '@riposte/bus';
import { collectConfig, envInt, parseEnv } from '@riposte/contracts';
import { redisOptionsFromEnv } from '@riposte/store';
import { z } from 'zod';

const EnvSchema = z.object({
  /** HTTP port of `POST /alerts`, `/health`, `/metrics`. */
  INGEST_PORT: envInt(8421, 0, 65535),
  INGEST_HOST: z.string().default('127.0.0.1'),
  /**
   * Bearer tokens of `POST /alerts` (`{"tokens":[{name, token, role}]}`, the control API's format): role `ingest` or
   * `admin`. Required: the HTTP listener is always on, and an unauthenticated `POST /alerts` picks any agent.
   */
  INGEST_TOKENS_FILE: z.string({ required_error: 'is required (bearer tokens of role ingest for POST /alerts)' }).min(1),
  /** Wazuh's `alerts.json` to tail; unset = no file input. Made absolute: its saved position is keyed by path. */
  ALERTS_JSON_PATH: z
    .string()
    .transform((p) => path.resolve(p))
    .optional(),
  /** Where to start in an `alerts.json` never seen before: `end` (only new alerts, like integratord) or `beginning`. */
  INGEST_FILE_START: z.enum(['end', 'beginning']).default('end'),
  /** How long an ingested alert may still cause a response (the `expires-at` header), ms. */
  ALERT_TTL_MS: envInt(3600 * 1000, 1000, 30 * 24 * 3600 * 1000),
  /** How often the file tailer looks for new lines, ms. */
  INGEST_POLL_MS: envInt(250, 10, 60_000),
  /** Largest `POST /alerts` body, bytes. */
  INGEST_MAX_BODY_BYTES: envInt(16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** Most alerts in one `POST /alerts` (413 beyond): one request is one producer send. */
  INGEST_MAX_ITEMS: envInt(2000, 1, 100_000),
  /** `POST /alerts` requests read and published at once (429 with Retry-After beyond): bounds the memory of bodies. */
  INGEST_MAX_CONCURRENT: envInt(8, 1, 1024),
  /** The `Retry-After` of a 429, seconds. */
  INGEST_RETRY_AFTER_S: envInt(1, 1, 3600),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  RIPOSTE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_{}.-]+$/, 'letters, digits and _ - . { } only').default('riposte'),
});

/** The validated settings of alert-ingest. */
export type IngestEnv = z.infer<typeof EnvSchema>;

/**
 * The environment of alert-ingest, validated once at boot (ghostfolio `cleanEnv` style) and read through `get()`:
 * its own variables, Redis's, Kafka's (`KAFKA_*`) and TLS's (`INGEST_TLS_CERT_FILE`, `INGEST_TLS_KEY_FILE`) in one
 * parse. `source` is kept for `BusModule` (RIPOSTE_TOPIC_NAMESPACE).
 */
export class IngestConfig {
  private constructor(
    private readonly values: IngestEnv,
    /** Redis connection settings (REDIS_URL, REDIS_PASSWORD, REDIS_TLS_CA), validated by `@riposte/store`. */
    readonly redis: RedisOptions,
    readonly source: NodeJS.ProcessEnv,
    /** Kafka connection settings (`KAFKA_*`, validated by `@riposte/bus`). */
    readonly kafka: KafkaConfig,
    /** HTTPS certificate and key of the listener, when set. */
    readonly tls?: TlsFiles,
  ) {}

  /** Validates `source`; throws one ConfigError naming every bad variable. */
  static fromEnv(source: NodeJS.ProcessEnv = process.env): IngestConfig {
    const { values, redis, kafka, tls } = collectConfig({
      values: () => parseEnv(EnvSchema, source),
      redis: () => redisOptionsFromEnv(source),
      kafka: () => kafkaConfigFromEnv(source, 'alert-ingest'),
      tls: () => tlsFromEnv(source, 'INGEST'),
    });
    return new IngestConfig(values, redis, source, kafka, tls);
  }

  get<K extends keyof IngestEnv>(key: K): IngestEnv[K] {
    return this.values[key];
  }
}
