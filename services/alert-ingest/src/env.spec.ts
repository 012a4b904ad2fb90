import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { IngestConfig } from './env';

/** The variables without a default: Kafka's brokers and the tokens of POST /alerts. */
const base = { KAFKA_BROKERS: 'k:9092', INGEST_TOKENS_FILE: '/etc/riposte/ingest-tokens.json' };

describe('IngestConfig.fromEnv', () => {
  it('applies the defaults when nothing is set (or set empty)', () => {
    for (const source of [base, { ...base, INGEST_PORT: '', ALERTS_JSON_PATH: '', ALERT_TTL_MS: ' ' }]) {
      const c = IngestConfig.fromEnv(source);
      expect([c.get('INGEST_PORT'), c.get('INGEST_HOST'), c.get('ALERTS_JSON_PATH'), c.get('INGEST_FILE_START'), c.get('ALERT_TTL_MS'), c.get('INGEST_POLL_MS')]).toEqual([8421, '127.0.0.1', undefined, 'end', 3_600_000, 250]);
      expect([c.get('REDIS_URL'), c.get('RIPOSTE_REDIS_PREFIX'), c.get('INGEST_MAX_BODY_BYTES')]).toEqual(['redis://127.0.0.1:6379', 'riposte', 16 * 1024 * 1024]);
    }
  });

  it('reads every variable', () => {
    const c = IngestConfig.fromEnv({
      ...base,
      INGEST_PORT: '0',
      INGEST_HOST: '0.0.0.0',
      ALERTS_JSON_PATH: '/var/ossec/logs/alerts/alerts.json',
      INGEST_FILE_START: 'beginning',
      ALERT_TTL_MS: '60000',
      INGEST_POLL_MS: '50',
      INGEST_MAX_BODY_BYTES: '1048576',
      REDIS_URL: 'rediss://cache:6380/2',
      RIPOSTE_REDIS_PREFIX: '{riposte-a}',
    });
    expect(c.get('INGEST_PORT')).toBe(0);
    expect(c.get('ALERTS_JSON_PATH')).toBe('/var/ossec/logs/alerts/alerts.json');
    expect(c.get('INGEST_FILE_START')).toBe('beginning');
    expect(c.get('ALERT_TTL_MS')).toBe(60_000);
    expect(c.get('REDIS_URL')).toBe('rediss://cache:6380/2');
    expect(c.get('RIPOSTE_REDIS_PREFIX')).toBe('{riposte-a}');
  });

  it('makes ALERTS_JSON_PATH absolute (its position is keyed by path)', () => {
    expect(IngestConfig.fromEnv({ ...base, ALERTS_JSON_PATH: 'logs/alerts/alerts.json' }).get('ALERTS_JSON_PATH')).toBe(path.resolve('logs/alerts/alerts.json'));
  });

  it('keeps the whole environment for the libs that read their own variables', () => {
    expect(IngestConfig.fromEnv(base).source.KAFKA_BROKERS).toBe('k:9092');
  });

  it('validates Kafka in the same parse', () => {
    expect(IngestConfig.fromEnv({ ...base, KAFKA_BROKERS: 'a:1,b:2' }).kafka.brokers).toEqual(['a:1', 'b:2']);
  });

  it.each([
    [{ INGEST_PORT: '70000' }, /INGEST_PORT/],
    [{ INGEST_PORT: 'http' }, /INGEST_PORT/],
    [{ ALERT_TTL_MS: '-1' }, /ALERT_TTL_MS/],
    [{ INGEST_POLL_MS: '1.5' }, /INGEST_POLL_MS/],
    [{ INGEST_FILE_START: 'middle' }, /INGEST_FILE_START/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ RIPOSTE_REDIS_PREFIX: 'a b' }, /RIPOSTE_REDIS_PREFIX/],
    [{ INGEST_TOKENS_FILE: undefined }, /INGEST_TOKENS_FILE: is required/],
    [{ KAFKA_BROKERS: undefined }, /KAFKA_BROKERS is not set/],
    [{ INGEST_TLS_CERT_FILE: '/etc/cert.pem' }, /INGEST_TLS_KEY_FILE: is required when INGEST_TLS_CERT_FILE is set/],
  ])('refuses %p, naming the variable', (source, message) => {
    expect(() => IngestConfig.fromEnv({ ...base, ...source })).toThrow(ConfigError);
    expect(() => IngestConfig.fromEnv({ ...base, ...source })).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => IngestConfig.fromEnv({ ...base, INGEST_PORT: 'x', REDIS_URL: 'y' })).toThrow(/INGEST_PORT.*REDIS_URL/);
    expect(() => IngestConfig.fromEnv({ INGEST_PORT: 'x', KAFKA_BROKERS: 'nohost' })).toThrow(/INGEST_PORT.*INGEST_TOKENS_FILE.*KAFKA_BROKERS: 'nohost' is not host:port/);
  });
});
