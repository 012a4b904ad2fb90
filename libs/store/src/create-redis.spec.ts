import { ConfigError } from '@riposte/contracts';
import { redisOptionsFromEnv } from './create-redis';

describe('redisOptionsFromEnv', () => {
  it('defaults to the local Redis', () => {
    expect(redisOptionsFromEnv({})).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('reads user, password and database from the URL', () => {
    expect(redisOptionsFromEnv({ REDIS_URL: 'redis://app:p%40ss@cache.internal:6380/2' })).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 'p@ss',
      db: 2,
    });
  });

  it('lets REDIS_PASSWORD override the password of the URL', () => {
    expect(redisOptionsFromEnv({ REDIS_URL: 'redis://:old@h:1', REDIS_PASSWORD: 'new' }).password).toBe('new');
  });

  it('turns TLS on for rediss://', () => {
    expect(redisOptionsFromEnv({ REDIS_URL: 'rediss://h' }).tls).toEqual({});
  });

  it.each([
    ['http://h:6379', /protocol/],
    ['not a url', /is not a URL/],
    ['redis://h:6379/x', /database 'x'/],
  ])('refuses REDIS_URL=%s', (url, message) => {
    expect(() => redisOptionsFromEnv({ REDIS_URL: url })).toThrow(message);
    expect(() => redisOptionsFromEnv({ REDIS_URL: url })).toThrow(ConfigError);
  });

  it('never prints the password of a bad URL', () => {
    expect(() => redisOptionsFromEnv({ REDIS_URL: 'redis://u:secret@h:port' })).toThrow(/^(?!.*secret)/);
  });

  it('refuses a CA file without TLS, and a CA file it cannot read', () => {
    expect(() => redisOptionsFromEnv({ REDIS_URL: 'redis://h', REDIS_TLS_CA: '/ca.pem' })).toThrow(/not rediss/);
    expect(() => redisOptionsFromEnv({ REDIS_URL: 'rediss://h', REDIS_TLS_CA: '/nonexistent/ca.pem' })).toThrow(/cannot read/);
  });
});
