import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { ConfigError } from '@riposte/contracts';

/**
 * Connection settings from the environment, validated once at boot:
 * KAFKA_BROKERS (comma list, required), KAFKA_CLIENT_ID, KAFKA_SSL (true), KAFKA_SSL_CA / _CERT / _KEY (PEM files),
 * KAFKA_SSL_REJECT_UNAUTHORIZED (default true), KAFKA_SASL_MECHANISM (plain | scram-sha-256 | scram-sha-512),
 * KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
 */
export function kafkaConfigFromEnv(env: NodeJS.ProcessEnv, clientId: string): KafkaConfig {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS is not set (e.g. 127.0.0.1:9092)');
  for (const b of brokers) if (!/^[^\s:]+:\d+$/.test(b)) throw new ConfigError(`KAFKA_BROKERS: '${b}' is not host:port`);

  const file = (name: string) => {
    const p = env[name];
    if (!p) return undefined;
    try {
      return readFileSync(p, 'utf8');
    } catch (cause) {
      throw new ConfigError(`${name}: cannot read '${p}'`, { cause });
    }
  };
  const ca = file('KAFKA_SSL_CA');
  const cert = file('KAFKA_SSL_CERT');
  const key = file('KAFKA_SSL_KEY');
  const sslOn = env.KAFKA_SSL === 'true' || Boolean(ca || cert);
  const ssl = sslOn
    ? { rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED !== 'false', ...(ca && { ca: [ca] }), ...(cert && { cert }), ...(key && { key }) }
    : undefined;

  return {
    clientId: env.KAFKA_CLIENT_ID ?? clientId,
    brokers,
    ssl,
    sasl: saslFromEnv(env),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 100, retries: 8 },
  };
}

function saslFromEnv(env: NodeJS.ProcessEnv): SASLOptions | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (!mechanism) return undefined;
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (!username || !password) throw new ConfigError('KAFKA_SASL_MECHANISM is set but KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is not');
  switch (mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw new ConfigError(`KAFKA_SASL_MECHANISM: '${mechanism}' is not plain, scram-sha-256 or scram-sha-512`);
  }
}
