import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '@riposte/contracts';
import { withRedis } from './store-errors';

/**
 * Connection settings from the environment, validated once at boot:
 * REDIS_URL (`redis://[user:password@]host[:port][/db]` or `rediss://…` for TLS; default `redis://127.0.0.1:6379`),
 * REDIS_PASSWORD (overrides the URL's password), REDIS_TLS_CA (PEM file of the CA, for `rediss://`).
 * The URL is parsed here, not by ioredis, so that REDIS_PASSWORD really takes precedence.
 */
export function redisOptionsFromEnv(env: NodeJS.ProcessEnv): RedisOptions {
  const raw = env.REDIS_URL || 'redis://127.0.0.1:6379';
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`REDIS_URL: '${redact(raw)}' is not a URL`, { cause });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(`REDIS_URL: protocol must be redis: or rediss:, got '${url.protocol}'`);
  if (!url.hostname) throw new ConfigError('REDIS_URL: no host');
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new ConfigError(`REDIS_URL: database '${db}' is not a number`);

  const caFile = env.REDIS_TLS_CA;
  if (caFile && url.protocol !== 'rediss:') throw new ConfigError('REDIS_TLS_CA is set but REDIS_URL is not rediss://');
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (cause) {
      throw new ConfigError(`REDIS_TLS_CA: cannot read '${caFile}'`, { cause });
    }
  }
  const password = env.REDIS_PASSWORD || (url.password ? decodeURIComponent(url.password) : undefined);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 6379,
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(password && { password }),
    ...(db !== '' && { db: Number(db) }),
    ...(url.protocol === 'rediss:' && { tls: ca ? { ca: [ca] } : {} }),
  };
}

/**
 * An ioredis client. A command fails (→ DependencyUnavailableError in the stores) after a few reconnect
 * attempts instead of waiting forever, so a Kafka message is redelivered rather than stuck.
 */
export function createRedis(options: RedisOptions, overrides: RedisOptions = {}): Redis {
  return new Redis({ maxRetriesPerRequest: 3, connectTimeout: 5000, ...options, ...overrides });
}

/** Health check: throws DependencyUnavailableError when Redis does not answer. */
export async function pingRedis(redis: Redis): Promise<void> {
  await withRedis('ping', () => redis.ping());
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
