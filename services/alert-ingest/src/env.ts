import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { z } from 'zod';

/** An unset variable and an empty one mean the same: use the default. */
const unsetIfEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(min).max(max).default(fallback));
const text = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unsetIfEmpty, schema);

const EnvSchema = z.object({
  /** HTTP port of `POST /alerts`, `/health`, `/metrics`. */
  INGEST_PORT: int(0, 65535, 8421),
  INGEST_HOST: text(z.string().default('127.0.0.1')),
  /** Wazuh's `alerts.json` to tail; unset = no file input. Made absolute: its saved position is keyed by path. */
  ALERTS_JSON_PATH: text(z.string().transform((p) => path.resolve(p)).optional()),
  /** Where to start in an `alerts.json` never seen before: `end` (only new alerts, like integratord) or `beginning`. */
  INGEST_FILE_START: text(z.enum(['end', 'beginning']).default('end')),
  /** How long an ingested alert may still cause a response (the `expires-at` header), ms. */
  ALERT_TTL_MS: int(1000, 30 * 24 * 3600 * 1000, 3600 * 1000),
  /** How often the file tailer looks for new lines, ms. */
  INGEST_POLL_MS: int(10, 60_000, 250),
  /** Largest `POST /alerts` body, bytes. */
  INGEST_MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024, 16 * 1024 * 1024),
  REDIS_URL: text(z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379')),
  RIPOSTE_REDIS_PREFIX: text(z.string().regex(/^[A-Za-z0-9_{}.-]+$/, 'letters, digits and _ - . { } only').default('riposte')),
});

/** The validated settings of alert-ingest. */
export type IngestEnv = z.infer<typeof EnvSchema>;

/**
 * The environment of alert-ingest, validated once at boot (ghostfolio `cleanEnv` style) and read through `get()`.
 * `source` is kept for the libs that read their own variables (`BusModule`: KAFKA_*, RIPOSTE_TOPIC_NAMESPACE).
 */
export class IngestConfig {
  private constructor(
    private readonly values: IngestEnv,
    readonly source: NodeJS.ProcessEnv,
  ) {}

  /** Validates `source`; throws a ConfigError naming every bad variable. */
  static fromEnv(source: NodeJS.ProcessEnv = process.env): IngestConfig {
    const parsed = EnvSchema.safeParse(source);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new ConfigError(`alert-ingest environment: ${problems.join('; ')}`);
    }
    return new IngestConfig(parsed.data, source);
  }

  get<K extends keyof IngestEnv>(key: K): IngestEnv[K] {
    return this.values[key];
  }
}
