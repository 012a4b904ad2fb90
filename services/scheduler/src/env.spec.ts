import { ConfigError } from '@riposte/contracts';
import { testIssuer, unusableKeyFiles } from '@riposte/testing';
import { loadSchedulerEnv } from './env';

const issuer = testIssuer();
const key = { RIPOSTE_SIGNING_KEY_FILE: issuer.privateKeyFile };
const base = { KAFKA_BROKERS: 'k:9092', ...key };

describe('loadSchedulerEnv', () => {
  it('applies the documented defaults', () => {
    const c = loadSchedulerEnv(base);
    expect([c.get('port'), c.get('host'), c.get('batch'), c.get('leaseMs'), c.get('tickMs'), c.get('redisPrefix')]).toEqual([8423, '127.0.0.1', 500, 30000, 100, 'riposte']);
    expect(c.get('redis')).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('reads every variable, empty meaning unset', () => {
    const c = loadSchedulerEnv({ ...base, SCHEDULER_PORT: '9000', SCHEDULER_BATCH: '50', SCHEDULER_TICK_MS: '', RIPOSTE_REDIS_PREFIX: '{rp}', REDIS_URL: 'redis://r:1' });
    expect([c.get('port'), c.get('batch'), c.get('tickMs'), c.get('redisPrefix'), c.get('redis').host]).toEqual([9000, 50, 100, '{rp}', 'r']);
  });

  it('names every bad variable at once', () => {
    const bad = () => loadSchedulerEnv({ ...base, SCHEDULER_BATCH: '0', SCHEDULER_LEASE_MS: 'soon', RIPOSTE_REDIS_PREFIX: 'a b' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SCHEDULER_BATCH.*SCHEDULER_LEASE_MS|SCHEDULER_LEASE_MS.*SCHEDULER_BATCH/);
    expect(bad).toThrow(/RIPOSTE_REDIS_PREFIX/);
  });

  it('names a bad Kafka or TLS variable in the same ConfigError', () => {
    const bad = () => loadSchedulerEnv({ SCHEDULER_BATCH: '0', SCHEDULER_TLS_CERT_FILE: '/c.pem' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SCHEDULER_BATCH.*KAFKA_BROKERS is not set.*SCHEDULER_TLS_KEY_FILE: is required/);
  });

  it('refuses a Redis URL it cannot use', () => {
    expect(() => loadSchedulerEnv({ ...base, REDIS_URL: 'http://r' })).toThrow(/REDIS_URL/);
  });

  describe('the signing key', () => {
    it('is read once, its id defaulting to the key\'s own', () => {
      expect(loadSchedulerEnv(base).get('signingKey').keyId).toBe(issuer.keyId);
      expect(loadSchedulerEnv({ ...base, RIPOSTE_SIGNING_KEY_ID: 'issuer-2026' }).get('signingKey').keyId).toBe('issuer-2026');
    });

    it('is required', () => {
      expect(() => loadSchedulerEnv({ KAFKA_BROKERS: 'k:9092' })).toThrow(ConfigError);
      expect(() => loadSchedulerEnv({ KAFKA_BROKERS: 'k:9092' })).toThrow(/RIPOSTE_SIGNING_KEY_FILE: is required/);
    });

    it.each(unusableKeyFiles())('refuses a $problem key file, naming it', ({ file }) => {
      const load = () => loadSchedulerEnv({ KAFKA_BROKERS: 'k:9092', RIPOSTE_SIGNING_KEY_FILE: file });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(file);
    });
  });
});
