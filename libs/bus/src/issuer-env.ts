import type { KafkaConfig } from 'kafkajs';
import type { ZodType, ZodTypeDef } from 'zod';
import { collectConfig, parseEnv } from '@riposte/contracts';
import { kafkaConfigFromEnv } from './kafka-config';
import { loadSigningKey, type SigningKey } from './key-files';
import { tlsFromEnv, type TlsFiles } from './tls-files';

/** The settings every command issuer validates: where its signing key is, and its id. */
export interface IssuerSettings {
  RIPOSTE_SIGNING_KEY_FILE: string;
  RIPOSTE_SIGNING_KEY_ID?: string;
}

/**
 * The validated environment of a service that issues signed commands (matcher, control API), read once at boot,
 * behind a typed getter. `R` is the Redis options type, so that the bus does not depend on the store.
 */
export class IssuerEnv<S extends IssuerSettings, R> {
  constructor(
    private readonly settings: S,
    /** Redis connection settings (REDIS_URL, REDIS_PASSWORD, REDIS_TLS_CA), validated by `@riposte/store`. */
    readonly redis: R,
    /** The raw environment. */
    readonly raw: NodeJS.ProcessEnv,
    /** Kafka connection settings (`KAFKA_*`, validated by `@riposte/bus`). */
    readonly kafka: KafkaConfig,
    /** The issuer key, read once here (`RIPOSTE_SIGNING_KEY_FILE`). */
    readonly signingKey: SigningKey,
    /** HTTPS certificate and key of the listener, when set. */
    readonly tls?: TlsFiles,
  ) {}

  get<K extends keyof S>(key: K): S[K] {
    return this.settings[key];
  }
}

/**
 * Validates an issuer's environment in one parse (its settings by `schema`, Redis by `redis`, Kafka as `clientId`,
 * TLS as `<tlsPrefix>_TLS_*`), then reads its signing key; throws one ConfigError naming every bad variable.
 */
export function loadIssuerEnv<S extends IssuerSettings, R, E extends IssuerEnv<S, R>>(
  Env: new (...args: ConstructorParameters<typeof IssuerEnv<S, R>>) => E,
  raw: NodeJS.ProcessEnv,
  o: { schema: ZodType<S, ZodTypeDef, unknown>; redis: (raw: NodeJS.ProcessEnv) => R; clientId: string; tlsPrefix: string },
): E {
  const { settings, redis, kafka, tls } = collectConfig({
    settings: () => parseEnv(o.schema, raw),
    redis: () => o.redis(raw),
    kafka: () => kafkaConfigFromEnv(raw, o.clientId),
    tls: () => tlsFromEnv(raw, o.tlsPrefix),
  });
  return new Env(settings, redis, raw, kafka, loadSigningKey(settings.RIPOSTE_SIGNING_KEY_FILE, settings.RIPOSTE_SIGNING_KEY_ID), tls);
}
