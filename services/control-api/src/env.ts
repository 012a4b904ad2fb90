import { z } from 'zod';
import type { RedisOptions } from 'ioredis';
import { IssuerEnv, loadIssuerEnv } from '@riposte/bus';
import { envInt, KEY_ID_PATTERN } from '@riposte/contracts';
import { redisOptionsFromEnv } from '@riposte/store';

/**
 * The control API's environment, with Kafka (`KAFKA_*`), Redis and TLS (`CONTROL_API_TLS_CERT_FILE`,
 * `CONTROL_API_TLS_KEY_FILE`) validated in the same parse. Tokens come from `CONTROL_API_TOKENS_FILE` or
 * `CONTROL_API_TOKENS` (one of them is required).
 */
const ControlApiEnvSchema = z
  .object({
    /** HTTP port; 55000 is the Wazuh API's. @defaultValue 55000 */
    CONTROL_API_PORT: envInt(55000, 0, 65535),
    /** HTTP bind address. @defaultValue 127.0.0.1 */
    CONTROL_API_HOST: z.string().min(1).default('127.0.0.1'),
    /** Path of the manager's ossec.conf: its ar.conf table says which response names PUT accepts. */
    CONTROL_API_OSSEC_CONF: z.string({ required_error: 'is required (path of the ossec.conf to load)' }).min(1),
    /** Poll interval of the ossec.conf watcher, in ms (fs.watch misses some changes). @defaultValue 2000 */
    CONTROL_API_POLICY_POLL_MS: envInt(2000, 50, 3_600_000),
    /** JSON file `{"tokens":[{name, token, role, agents?}]}`. */
    CONTROL_API_TOKENS_FILE: z.string().min(1).optional(),
    /** The same JSON inline (takes precedence over the file). */
    CONTROL_API_TOKENS: z.string().min(1).optional(),
    /**
     * How long a manual command stays valid on the agent's topic when the executor is behind (deviation d keeps
     * commands for offline agents; an operator's click should not take effect hours later). @defaultValue 600000
     */
    CONTROL_API_COMMAND_TTL_MS: envInt(600_000, 1000, 7 * 24 * 3_600_000),
    /** `origin.name` of the messages sent (Wazuh: the cluster node name, null when clustering is off). */
    CONTROL_API_NODE_NAME: z.string().min(1).optional(),
    /** Topic namespace shared by every service of one deployment. @defaultValue riposte */
    RIPOSTE_TOPIC_NAMESPACE: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
      .default('riposte'),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key. @defaultValue riposte */
    RIPOSTE_REDIS_PREFIX: z.string().min(1).default('riposte'),
    /** The issuer key manual adds and unblocks are signed with: Ed25519, PKCS#8 PEM, mode 0600 (`riposte keys generate`). */
    RIPOSTE_SIGNING_KEY_FILE: z.string({ required_error: 'is required (the issuer key commands are signed with; riposte keys generate)' }),
    /** The key id executors know the key by. @defaultValue the key's own id (keyIdOf) */
    RIPOSTE_SIGNING_KEY_ID: z.string().regex(KEY_ID_PATTERN, 'letters, digits and . _ : - only, at most 64').optional(),
  })
  .refine((e) => e.CONTROL_API_TOKENS !== undefined || e.CONTROL_API_TOKENS_FILE !== undefined, {
    message: 'CONTROL_API_TOKENS_FILE or CONTROL_API_TOKENS is required (bearer tokens with their roles)',
    path: ['CONTROL_API_TOKENS_FILE'],
  });

export type ControlApiSettings = z.infer<typeof ControlApiEnvSchema>;

/** The validated environment, read once at boot, behind a typed getter. */
export class ControlApiEnv extends IssuerEnv<ControlApiSettings, RedisOptions> {}

/** Validates the environment; throws one ConfigError naming every bad variable. */
export function loadEnv(raw: NodeJS.ProcessEnv): ControlApiEnv {
  return loadIssuerEnv(ControlApiEnv, raw, { schema: ControlApiEnvSchema, redis: redisOptionsFromEnv, clientId: 'riposte-control-api', tlsPrefix: 'CONTROL_API' });
}
