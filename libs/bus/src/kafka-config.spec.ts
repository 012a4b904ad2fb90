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
    [{}, /KAFKA_BROKERS is not set/],
    [{ KAFKA_BROKERS: 'nohost' }, /'nohost' is not host:port/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'plain' }, /USERNAME or KAFKA_SASL_PASSWORD/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /not plain, scram/],
    [{ KAFKA_BROKERS: 'a:1', KAFKA_SSL_CA: '/nonexistent/ca.pem' }, /KAFKA_SSL_CA: cannot read/],
  ])('refuses %j', (env, message) => {
    expect(() => kafkaConfigFromEnv(env as NodeJS.ProcessEnv, 'svc')).toThrow(ConfigError);
    expect(() => kafkaConfigFromEnv(env as NodeJS.ProcessEnv, 'svc')).toThrow(message);
  });
});
