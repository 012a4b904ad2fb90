import { z } from 'zod';
import type { RedisOptions } from 'ioredis';
import { IssuerEnv, loadIssuerEnv, withAgentIdentity } from '@riposte/bus';
import { envBool, envInt, KEY_ID_PATTERN } from '@riposte/contracts';
import { redisOptionsFromEnv } from '@riposte/store';

/**
 * The matcher's own variables. Kafka (`KAFKA_*`), Redis (`REDIS_URL`, `REDIS_PASSWORD`, `REDIS_TLS_CA`) and TLS
 * (`MATCHER_TLS_CERT_FILE`, `MATCHER_TLS_KEY_FILE`) settings are validated in the same parse by the helpers of
 * `@riposte/bus` and `@riposte/store`.
 */
const MatcherOwnSchema = z.object({
  /** Path of the manager's ossec.conf holding `<command>`, `<active-response>` and `<global><white_list>`. */
  MATCHER_OSSEC_CONF: z.string({ required_error: 'is required (path of the ossec.conf to load)' }),
  /** HTTP port of `/health` and `/metrics`. @defaultValue 8422 */
  MATCHER_PORT: envInt(8422, 0, 65535),
  /** HTTP bind address. @defaultValue 127.0.0.1 */
  MATCHER_HOST: z.string().min(1).default('127.0.0.1'),
  /** Audit `alert.unmatched` for alerts no response binds to (noisy). @defaultValue false */
  MATCHER_AUDIT_UNMATCHED: envBool(false),
  /** How long the active-agent list (for `all` responses) may be reused, in ms. @defaultValue 500 */
  MATCHER_AGENTS_CACHE_MS: envInt(500, 0, 60_000),
  /**
   * The longest TTL a heartbeat may claim, in ms (issue 10: an agent could make itself, or an invented agent, active
   * for ever). @defaultValue 600000 (10 min)
   */
  MATCHER_HEARTBEAT_MAX_TTL_MS: envInt(600_000, 1000, 24 * 3600 * 1000),
  /** Poll interval of the ossec.conf watcher, in ms (fs.watch misses some changes, e.g. on network mounts). @defaultValue 2000 */
  MATCHER_POLICY_POLL_MS: envInt(2000, 50, 3_600_000),
  /** Partitions of the alerts topic when the matcher creates it: the ceiling of matcher parallelism. @defaultValue 6 */
  RIPOSTE_ALERT_PARTITIONS: envInt(6, 1, 10_000),
  /** Topic namespace shared by every service of one deployment. @defaultValue riposte */
  RIPOSTE_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('riposte'),
  /** Prefix of every Redis key. @defaultValue riposte */
  RIPOSTE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]+$/, 'letters, digits and _ - . { } only')
    .default('riposte'),
  /** The issuer key every command is signed with: Ed25519, PKCS#8 PEM, mode 0600 (`riposte keys generate`). */
  RIPOSTE_SIGNING_KEY_FILE: z.string({ required_error: 'is required (the issuer key commands are signed with; riposte keys generate)' }),
  /** The key id executors know the key by. @defaultValue the key's own id (keyIdOf) */
  RIPOSTE_SIGNING_KEY_ID: z.string().regex(KEY_ID_PATTERN, 'letters, digits and . _ : - only, at most 64').optional(),
});
const MatcherEnvSchema = withAgentIdentity(MatcherOwnSchema, 'MATCHER');

/**
 * The matcher's own variables, parsed (numbers, booleans, defaults applied), with the agent-identity settings of
 * `@riposte/bus` (`RIPOSTE_ENROLMENT_REFRESH_MS`, `MATCHER_AGENT_CLOCK_SKEW_MS`).
 */
export type MatcherSettings = z.infer<typeof MatcherEnvSchema>;

/** The validated environment, read once at boot (ghostfolio `cleanEnv` style), behind a typed getter. */
export class MatcherEnv extends IssuerEnv<MatcherSettings, RedisOptions> {}

/** Validates the environment; throws one ConfigError naming every bad variable. */
export function loadEnv(raw: NodeJS.ProcessEnv): MatcherEnv {
  return loadIssuerEnv(MatcherEnv, raw, { schema: MatcherEnvSchema, redis: redisOptionsFromEnv, clientId: 'riposte-matcher', tlsPrefix: 'MATCHER' });
}
