import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { kafkaConfigFromEnv } from './kafka-config';

describe('kafkaConfigFromEnv', () => {
  it('reads brokers, client id and SCRAM credentials', () => {
    const c = kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:9092, b:9093', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true' }, 'svc');
    expect(c.brokers).toEqual(['a:9092', 'b:9093']);
    expect(c.clientId).toBe('svc');
    expect(c.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
    expect(c.ssl).toEqual({ rejectUnauthorized: true });
  });
  it.each([
    ['plain', 'plain'],
    ['scram-sha-256', 'scram-sha-256'],
    ['Scram-Sha-512', 'scram-sha-512'],
  ])('accepts KAFKA_SASL_MECHANISM=%s without TLS (the secure local broker is SASL_PLAINTEXT)', (given, mechanism) => {
    const c = kafkaConfigFromEnv({ KAFKA_BROKERS: '127.0.0.1:9094', KAFKA_SASL_MECHANISM: given, KAFKA_SASL_USERNAME: 'agent-001', KAFKA_SASL_PASSWORD: 'secret' }, 'svc');
    expect(c.sasl).toEqual({ mechanism, username: 'agent-001', password: 'secret' });
    expect(c.ssl).toBeUndefined();
  });
  it('no SASL and no TLS unless asked', () => {
    const c = kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:1', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'svc');
    expect(c.sasl).toBeUndefined();
    expect(c.ssl).toBeUndefined();
  });
  it('a CA file turns TLS on; KAFKA_SSL_REJECT_UNAUTHORIZED=false relaxes the check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kafka-config-'));
    const ca = path.join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    try {
      const c = kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:1', KAFKA_SSL_CA: ca, KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }, 'svc');
      expect(c.ssl).toEqual({ rejectUnauthorized: false, ca: [readFileSync(ca, 'utf8')] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.each([
    [{}, /KAFKA_BROKERS is not set/],
    [{ KAFKA_BROKERS: 'nohost' }, /'nohost' is not host:port/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain' }, /USERNAME or KAFKA_SASL_PASSWORD/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' }, /USERNAME or KAFKA_SASL_PASSWORD/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /not plain, scram/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SSL_CA: '/nonexistent/ca.pem' }, /KAFKA_SSL_CA: cannot read/],
  ])('refuses %j', (env, message) => {
    expect(() => kafkaConfigFromEnv(env as NodeJS.ProcessEnv, 'svc')).toThrow(ConfigError);
    expect(() => kafkaConfigFromEnv(env as NodeJS.ProcessEnv, 'svc')).toThrow(message);
  });
});
