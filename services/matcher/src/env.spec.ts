import { ConfigError } from '@riposte/contracts';
import { testIssuer, unusableKeyFiles } from '@riposte/testing';
import { loadEnv } from './env';

const issuer = testIssuer();
const key = { RIPOSTE_SIGNING_KEY_FILE: issuer.privateKeyFile };

describe('loadEnv', () => {
  describe('when only MATCHER_OSSEC_CONF is set', () => {
    it('uses the defaults', () => {
      const env = loadEnv({ MATCHER_OSSEC_CONF: '/var/ossec/etc/ossec.conf', KAFKA_BROKERS: 'k:9092', ...key });
      expect(env.get('MATCHER_PORT')).toBe(8422);
      expect(env.get('MATCHER_HOST')).toBe('127.0.0.1');
      expect(env.get('MATCHER_AUDIT_UNMATCHED')).toBe(false);
      expect(env.get('MATCHER_AGENTS_CACHE_MS')).toBe(500);
      expect(env.get('RIPOSTE_ALERT_PARTITIONS')).toBe(6);
      expect(env.get('RIPOSTE_TOPIC_NAMESPACE')).toBe('riposte');
      expect(env.get('RIPOSTE_REDIS_PREFIX')).toBe('riposte');
      expect(env.get('MATCHER_HEARTBEAT_MAX_TTL_MS')).toBe(600_000);
      expect(env.get('agentClockSkewMs')).toBe(30_000);
      expect(env.get('enrolmentRefreshMs')).toBe(5000);
      expect(env.redis).toMatchObject({ host: '127.0.0.1', port: 6379 });
    });
  });

  describe('when values are given', () => {
    it('reads them, blank ones as unset', () => {
      const env = loadEnv({ ...key, MATCHER_OSSEC_CONF: 'c', KAFKA_BROKERS: 'k:9092', MATCHER_PORT: '9000', MATCHER_AUDIT_UNMATCHED: 'true', RIPOSTE_ALERT_PARTITIONS: '', REDIS_URL: 'redis://r:6380/2' });
      expect(env.get('MATCHER_PORT')).toBe(9000);
      expect(env.get('MATCHER_AUDIT_UNMATCHED')).toBe(true);
      expect(env.get('RIPOSTE_ALERT_PARTITIONS')).toBe(6);
      expect(env.redis).toMatchObject({ host: 'r', port: 6380, db: 2 });
    });

    it('reads the agent-identity settings', () => {
      const env = loadEnv({ ...key, MATCHER_OSSEC_CONF: 'c', KAFKA_BROKERS: 'k:9092', MATCHER_HEARTBEAT_MAX_TTL_MS: '60000', MATCHER_AGENT_CLOCK_SKEW_MS: '1000', RIPOSTE_ENROLMENT_REFRESH_MS: '250' });
      expect([env.get('MATCHER_HEARTBEAT_MAX_TTL_MS'), env.get('agentClockSkewMs'), env.get('enrolmentRefreshMs')]).toEqual([60_000, 1000, 250]);
      expect(() => loadEnv({ ...key, MATCHER_OSSEC_CONF: 'c', KAFKA_BROKERS: 'k:9092', MATCHER_HEARTBEAT_MAX_TTL_MS: '0', RIPOSTE_ENROLMENT_REFRESH_MS: 'x' })).toThrow(/MATCHER_HEARTBEAT_MAX_TTL_MS.*RIPOSTE_ENROLMENT_REFRESH_MS/);
    });
  });

  describe('when values are wrong', () => {
    it('names every bad variable in one ConfigError', () => {
      const load = () => loadEnv({ MATCHER_PORT: '80a', MATCHER_AUDIT_UNMATCHED: 'maybe', RIPOSTE_TOPIC_NAMESPACE: 'a.b' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/MATCHER_OSSEC_CONF: is required.*MATCHER_PORT: must be an integer.*MATCHER_AUDIT_UNMATCHED.*RIPOSTE_TOPIC_NAMESPACE/);
    });

    it('names a bad Kafka or TLS variable in the same ConfigError', () => {
      const load = () => loadEnv({ MATCHER_PORT: '80a', KAFKA_BROKERS: 'nohost', MATCHER_TLS_KEY_FILE: '/k.pem' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/MATCHER_PORT: must be an integer.*KAFKA_BROKERS: 'nohost' is not host:port.*MATCHER_TLS_CERT_FILE: is required/);
    });

    it('refuses a bad REDIS_URL', () => {
      expect(() => loadEnv({ ...key, MATCHER_OSSEC_CONF: 'c', KAFKA_BROKERS: 'k:9092', REDIS_URL: 'http://x' })).toThrow(ConfigError);
    });
  });

  describe('the signing key', () => {
    const base = { MATCHER_OSSEC_CONF: 'c', KAFKA_BROKERS: 'k:9092' };

    it('is read once, its id defaulting to the key\'s own', () => {
      const env = loadEnv({ ...base, ...key });
      expect(env.signingKey.keyId).toBe(issuer.keyId);
      expect(env.signingKey.privateKey.asymmetricKeyType).toBe('ed25519');
      expect(loadEnv({ ...base, ...key, RIPOSTE_SIGNING_KEY_ID: 'issuer-2026' }).signingKey.keyId).toBe('issuer-2026');
    });

    it('is required', () => {
      expect(() => loadEnv(base)).toThrow(ConfigError);
      expect(() => loadEnv(base)).toThrow(/RIPOSTE_SIGNING_KEY_FILE: is required/);
    });

    it('refuses a key id executors could not name', () => {
      expect(() => loadEnv({ ...base, ...key, RIPOSTE_SIGNING_KEY_ID: 'a b' })).toThrow(/RIPOSTE_SIGNING_KEY_ID/);
    });

    it.each(unusableKeyFiles())('refuses a $problem key file, naming it', ({ file }) => {
      const load = () => loadEnv({ ...base, RIPOSTE_SIGNING_KEY_FILE: file });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(file);
    });
  });
});
