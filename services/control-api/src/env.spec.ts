import { ConfigError } from '@riposte/contracts';
import { testIssuer, unusableKeyFiles } from '@riposte/testing';
import { loadEnv } from './env';

const issuer = testIssuer();
const key = { RIPOSTE_SIGNING_KEY_FILE: issuer.privateKeyFile };
const base = { CONTROL_API_OSSEC_CONF: '/etc/ossec.conf', CONTROL_API_TOKENS_FILE: '/etc/tokens.json', KAFKA_BROKERS: 'k:9092', ...key };

describe('control-api environment', () => {
  it('defaults to the Wazuh API port on loopback', () => {
    const env = loadEnv(base);
    expect(env.get('CONTROL_API_PORT')).toBe(55000);
    expect(env.get('CONTROL_API_HOST')).toBe('127.0.0.1');
    expect(env.get('CONTROL_API_COMMAND_TTL_MS')).toBe(600_000);
    expect(env.get('CONTROL_API_NODE_NAME')).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ ...base, CONTROL_API_PORT: '' }).get('CONTROL_API_PORT')).toBe(55000);
  });

  it.each([
    [{ CONTROL_API_TOKENS_FILE: '/t.json', KAFKA_BROKERS: 'k:9092', ...key }, /CONTROL_API_OSSEC_CONF: is required/],
    [{ CONTROL_API_OSSEC_CONF: '/o.conf', KAFKA_BROKERS: 'k:9092', ...key }, /CONTROL_API_TOKENS_FILE or CONTROL_API_TOKENS is required/],
    [{ ...base, CONTROL_API_PORT: '70000' }, /CONTROL_API_PORT: must be an integer from 0 to 65535/],
    [{ ...base, RIPOSTE_TOPIC_NAMESPACE: 'a.b' }, /RIPOSTE_TOPIC_NAMESPACE/],
    [{ CONTROL_API_PORT: '70000', KAFKA_SASL_MECHANISM: 'plain' }, /CONTROL_API_PORT: must be an integer.*KAFKA_BROKERS is not set/],
    [{ ...base, CONTROL_API_TLS_CERT_FILE: '/nonexistent/c.pem', CONTROL_API_TLS_KEY_FILE: '/nonexistent/k.pem' }, /CONTROL_API_TLS_CERT_FILE: cannot read/],
  ])('refuses %j', (raw, message) => {
    expect(() => loadEnv(raw)).toThrow(ConfigError);
    expect(() => loadEnv(raw)).toThrow(message);
  });

  describe('the signing key', () => {
    const noKey = { CONTROL_API_OSSEC_CONF: '/etc/ossec.conf', CONTROL_API_TOKENS_FILE: '/etc/tokens.json', KAFKA_BROKERS: 'k:9092' };

    it('is read once, its id defaulting to the key\'s own', () => {
      expect(loadEnv(base).signingKey.keyId).toBe(issuer.keyId);
      expect(loadEnv({ ...base, RIPOSTE_SIGNING_KEY_ID: 'issuer-2026' }).signingKey.keyId).toBe('issuer-2026');
    });

    it('is required', () => {
      expect(() => loadEnv(noKey)).toThrow(ConfigError);
      expect(() => loadEnv(noKey)).toThrow(/RIPOSTE_SIGNING_KEY_FILE: is required/);
    });

    it.each(unusableKeyFiles())('refuses a $problem key file, naming it', ({ file }) => {
      const load = () => loadEnv({ ...noKey, RIPOSTE_SIGNING_KEY_FILE: file });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(file);
    });
  });
});
