import type { KeyObject } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { AgentIdSchema, collectConfig, ConfigError, envInt, parseEnv } from '@riposte/contracts';
import { kafkaConfigFromEnv, loadTrustedKeys, tlsFromEnv, type TlsFiles } from '@riposte/bus';

/** The executor's settings, validated once at boot. */
export interface ExecutorConfig {
  /** `AGENT_ID`: the Wazuh agent id this executor serves (3 to 8 digits; `000` is the manager). */
  readonly agentId: string;
  /** `EXECUTOR_HOME`: the Wazuh-layout home (`active-response/bin/`, `logs/`, `etc/`, `var/`). */
  readonly home: string;
  /** `EXECUTOR_NAME`: announced in heartbeats. @defaultValue the host name */
  readonly name: string;
  /** `EXECUTOR_SCRIPT_TIMEOUT_MS`: a script still running after this is killed. @defaultValue 60000 */
  readonly scriptTimeoutMs: number;
  /** `EXECUTOR_HEARTBEAT_MS`: heartbeat period; the registry's TTL is three of them. @defaultValue 5000 */
  readonly heartbeatMs: number;
  /** `EXECUTOR_DRY_RUN`: built-in scripts log their system commands instead of running them. @defaultValue false */
  readonly dryRun: boolean;
  /** `EXECUTOR_PORT`: serve `/health` and `/metrics` there when set. */
  readonly port?: number;
  /** `EXECUTOR_HOST`: @defaultValue 127.0.0.1 */
  readonly host: string;
  /** `EXECUTOR_TLS_CERT_FILE` + `EXECUTOR_TLS_KEY_FILE`: serve that port over HTTPS. */
  readonly tls?: TlsFiles;
  /** `RIPOSTE_TOPIC_NAMESPACE`: @defaultValue riposte */
  readonly namespace: string;
  /**
   * `EXECUTOR_TRUSTED_KEYS_FILE` (required): `{ "<keyId>": "<SPKI PEM>" }`, the issuers whose signed commands this
   * executor runs; read once at boot.
   */
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  /** `EXECUTOR_CLOCK_SKEW_MS`: clock difference tolerated with the issuers (issue and expiry times). @defaultValue 30000 */
  readonly clockSkewMs: number;
  /**
   * `EXECUTOR_RECONCILE_MS`: every active key is re-announced to the scheduler at boot and this often (a lost timer
   * request, a Redis flush or a lost delete never leaves a block for longer than that past its due time).
   * @defaultValue 300000
   */
  readonly reconcileMs: number;
  /**
   * `EXECUTOR_REPEAT_OFFENDER_WINDOW_MS`: a repeated-offender count is forgotten this long after the end of the last
   * block it escalated; 0: never (Wazuh keeps counts for execd's lifetime, unbounded). @defaultValue 86400000 (24 h)
   */
  readonly repeatOffenderWindowMs: number | null;
  /**
   * `EXECUTOR_KEY_FILE`: the agent's own Ed25519 key (PKCS#8 PEM, mode 0600), which signs its heartbeats and timer
   * requests; created at first start, with the public half beside it (`<file>.pub`) for an admin to enrol.
   * @defaultValue `<home>/etc/riposte-agent.key`
   */
  readonly keyFile: string;
}

const EnvSchema = z.object({
  AGENT_ID: AgentIdSchema,
  EXECUTOR_HOME: z.string({ required_error: 'is not set (the Wazuh-layout folder with active-response/bin)' }),
  EXECUTOR_NAME: z.string().optional(),
  EXECUTOR_SCRIPT_TIMEOUT_MS: envInt(60_000, 1, Number.MAX_SAFE_INTEGER),
  EXECUTOR_HEARTBEAT_MS: envInt(5000, 100, Number.MAX_SAFE_INTEGER),
  // true/false only, as before: a "yes" is refused rather than guessed.
  EXECUTOR_DRY_RUN: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  EXECUTOR_PORT: envInt(0, 1, 65535).optional(),
  EXECUTOR_HOST: z.string().default('127.0.0.1'),
  EXECUTOR_CLOCK_SKEW_MS: envInt(30_000, 0, 24 * 3600 * 1000),
  EXECUTOR_RECONCILE_MS: envInt(300_000, 1000, 24 * 3600 * 1000),
  EXECUTOR_REPEAT_OFFENDER_WINDOW_MS: envInt(24 * 3600 * 1000, 0, Number.MAX_SAFE_INTEGER),
  EXECUTOR_KEY_FILE: z.string().optional(),
  RIPOSTE_TOPIC_NAMESPACE: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'is not a topic namespace (letters, digits, _ and - only)').default('riposte'),
});

/** Where the agent's key is, under its home, unless `EXECUTOR_KEY_FILE` says otherwise. */
export const AGENT_KEY_FILE = path.join('etc', 'riposte-agent.key');

/** Validates the environment (Kafka settings included); throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): ExecutorConfig {
  const { e, tls, trustedKeys } = collectConfig({
    e: () => parseEnv(EnvSchema, env),
    kafka: () => kafkaConfigFromEnv(env, 'riposte-executor'),
    tls: () => tlsFromEnv(env, 'EXECUTOR'),
    trustedKeys: () => readTrustedKeys(env.EXECUTOR_TRUSTED_KEYS_FILE),
  });
  return {
    agentId: e.AGENT_ID,
    home: path.resolve(e.EXECUTOR_HOME),
    name: e.EXECUTOR_NAME ?? os.hostname(),
    scriptTimeoutMs: e.EXECUTOR_SCRIPT_TIMEOUT_MS,
    heartbeatMs: e.EXECUTOR_HEARTBEAT_MS,
    dryRun: e.EXECUTOR_DRY_RUN,
    ...(e.EXECUTOR_PORT !== undefined && { port: e.EXECUTOR_PORT }),
    host: e.EXECUTOR_HOST,
    ...(tls && { tls }),
    namespace: e.RIPOSTE_TOPIC_NAMESPACE,
    trustedKeys,
    clockSkewMs: e.EXECUTOR_CLOCK_SKEW_MS,
    reconcileMs: e.EXECUTOR_RECONCILE_MS,
    repeatOffenderWindowMs: e.EXECUTOR_REPEAT_OFFENDER_WINDOW_MS === 0 ? null : e.EXECUTOR_REPEAT_OFFENDER_WINDOW_MS,
    // Only the path here: the key is created (or read) at boot by the CoreModule, not by validating the environment.
    keyFile: path.resolve(e.EXECUTOR_KEY_FILE ?? path.join(e.EXECUTOR_HOME, AGENT_KEY_FILE)),
  };
}

/** Without trusted issuers every command would be refused: a missing or unusable file stops the boot. */
function readTrustedKeys(file: string | undefined): ReadonlyMap<string, KeyObject> {
  if (!file) throw new ConfigError('EXECUTOR_TRUSTED_KEYS_FILE is not set (the issuer keys whose commands this executor runs)');
  try {
    return loadTrustedKeys(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`EXECUTOR_TRUSTED_KEYS_FILE: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Nest token of the {@link ExecutorEnv}. */
export const EXECUTOR_ENV = Symbol('EXECUTOR_ENV');

/** The validated settings behind a typed getter (house style §3). */
export class ExecutorEnv {
  constructor(private readonly config: ExecutorConfig) {}

  get<K extends keyof ExecutorConfig>(key: K): ExecutorConfig[K] {
    return this.config[key];
  }
}
