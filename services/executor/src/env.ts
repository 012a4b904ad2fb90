import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { kafkaConfigFromEnv } from '@riposte/bus';

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
  /** `RIPOSTE_TOPIC_NAMESPACE`: @defaultValue riposte */
  readonly namespace: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ConfigError(`${name}: '${raw}' is not an integer from ${min} to ${max}`);
  return n;
}

function boolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigError(`${name}: '${raw}' is not true or false`);
}

/** Validates the environment (Kafka settings included) or throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): ExecutorConfig {
  const agentId = env.AGENT_ID ?? '';
  if (!/^\d{3,8}$/.test(agentId)) throw new ConfigError(`AGENT_ID: '${agentId}' is not a Wazuh agent id of 3 to 8 digits, such as "001"`);
  const home = env.EXECUTOR_HOME;
  if (!home) throw new ConfigError('EXECUTOR_HOME is not set (the Wazuh-layout folder with active-response/bin)');
  const namespace = env.RIPOSTE_TOPIC_NAMESPACE || 'riposte';
  if (!/^[a-zA-Z0-9_-]+$/.test(namespace)) throw new ConfigError(`RIPOSTE_TOPIC_NAMESPACE: '${namespace}' is not a topic namespace`);
  kafkaConfigFromEnv(env, 'riposte-executor');
  const port = env.EXECUTOR_PORT ? integer(env, 'EXECUTOR_PORT', 0, 1, 65535) : undefined;
  return {
    agentId,
    home: path.resolve(home),
    name: env.EXECUTOR_NAME || os.hostname(),
    scriptTimeoutMs: integer(env, 'EXECUTOR_SCRIPT_TIMEOUT_MS', 60_000, 1),
    heartbeatMs: integer(env, 'EXECUTOR_HEARTBEAT_MS', 5000, 100),
    dryRun: boolean(env, 'EXECUTOR_DRY_RUN'),
    ...(port !== undefined && { port }),
    host: env.EXECUTOR_HOST || '127.0.0.1',
    namespace,
  };
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
