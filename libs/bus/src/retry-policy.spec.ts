import { ConfigError } from '@riposte/contracts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, retryPolicyFromEnv } from './retry-policy';

describe('retry policy', () => {
  it('defaults to 10 retries, 100 ms doubling up to 5 s', () => {
    expect(retryPolicyFromEnv({})).toEqual({ maxRetries: 10, initialBackoffMs: 100, maxBackoffMs: 5000 });
    expect(Array.from({ length: 9 }, (_, i) => retryDelayMs(DEFAULT_RETRY_POLICY, i + 1))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('reads RIPOSTE_MAX_RETRIES and the backoff from the environment', () => {
    expect(retryPolicyFromEnv({ RIPOSTE_MAX_RETRIES: '3', RIPOSTE_RETRY_BACKOFF_MS: '10', RIPOSTE_RETRY_MAX_BACKOFF_MS: '15' })).toEqual({ maxRetries: 3, initialBackoffMs: 10, maxBackoffMs: 15 });
  });

  it.each(['0', '-1', 'ten', '1.5', '1001'])('refuses RIPOSTE_MAX_RETRIES=%s at boot', (v) => {
    expect(() => retryPolicyFromEnv({ RIPOSTE_MAX_RETRIES: v })).toThrow(ConfigError);
  });
});
