import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@riposte/contracts';
import { testIssuer } from '@riposte/testing';
import { loadConfig } from './env';

const issuer = testIssuer();
const ok = { AGENT_ID: '001', EXECUTOR_HOME: '/var/ossec', KAFKA_BROKERS: '127.0.0.1:9092', EXECUTOR_TRUSTED_KEYS_FILE: issuer.trustedKeysFile };
const emptyKeys = path.join(path.dirname(issuer.trustedKeysFile), 'empty.json');
writeFileSync(emptyKeys, '{}');

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(ok)).toMatchObject({ agentId: '001', home: '/var/ossec', scriptTimeoutMs: 60000, heartbeatMs: 5000, dryRun: false, host: '127.0.0.1', namespace: 'riposte' });
    expect(loadConfig(ok).port).toBeUndefined();
    expect(loadConfig(ok).clockSkewMs).toBe(30000);
    expect(loadConfig(ok).keyFile).toBe('/var/ossec/etc/riposte-agent.key');
    expect(loadConfig(ok)).toMatchObject({ reconcileMs: 300000, repeatOffenderWindowMs: 86400000 });
  });

  it('reads the reconcile period and the offender window; a window of 0 means never', () => {
    expect(loadConfig({ ...ok, EXECUTOR_RECONCILE_MS: '60000', EXECUTOR_REPEAT_OFFENDER_WINDOW_MS: '3600000' })).toMatchObject({ reconcileMs: 60000, repeatOffenderWindowMs: 3600000 });
    expect(loadConfig({ ...ok, EXECUTOR_REPEAT_OFFENDER_WINDOW_MS: '0' }).repeatOffenderWindowMs).toBeNull();
    expect(() => loadConfig({ ...ok, EXECUTOR_RECONCILE_MS: '10' })).toThrow(/EXECUTOR_RECONCILE_MS/);
  });

  it('trusts exactly the keys of EXECUTOR_TRUSTED_KEYS_FILE', () => {
    expect([...loadConfig(ok).trustedKeys.keys()]).toEqual([issuer.keyId]);
  });

  it('reads every variable', () => {
    const c = loadConfig({ ...ok, EXECUTOR_NAME: 'web1', EXECUTOR_SCRIPT_TIMEOUT_MS: '1500', EXECUTOR_HEARTBEAT_MS: '250', EXECUTOR_DRY_RUN: 'true', EXECUTOR_PORT: '8424', RIPOSTE_TOPIC_NAMESPACE: 't1' });
    expect(c).toMatchObject({ name: 'web1', scriptTimeoutMs: 1500, heartbeatMs: 250, dryRun: true, port: 8424, namespace: 't1' });
    expect(loadConfig({ ...ok, EXECUTOR_CLOCK_SKEW_MS: '2000' }).clockSkewMs).toBe(2000);
    expect(loadConfig({ ...ok, EXECUTOR_KEY_FILE: '/etc/riposte/agent.key' }).keyFile).toBe('/etc/riposte/agent.key');
  });

  it.each([
    [{ AGENT_ID: '1' }, /AGENT_ID/],
    [{ EXECUTOR_HOME: '' }, /EXECUTOR_HOME/],
    [{ EXECUTOR_SCRIPT_TIMEOUT_MS: 'soon' }, /EXECUTOR_SCRIPT_TIMEOUT_MS/],
    [{ EXECUTOR_DRY_RUN: 'yes' }, /EXECUTOR_DRY_RUN/],
    [{ EXECUTOR_PORT: '70000' }, /EXECUTOR_PORT/],
    [{ KAFKA_BROKERS: '' }, /KAFKA_BROKERS/],
    [{ EXECUTOR_TLS_CERT_FILE: '/etc/riposte/cert.pem' }, /EXECUTOR_TLS_KEY_FILE: is required when EXECUTOR_TLS_CERT_FILE is set/],
    [{ EXECUTOR_TRUSTED_KEYS_FILE: undefined }, /EXECUTOR_TRUSTED_KEYS_FILE is not set/],
    [{ EXECUTOR_TRUSTED_KEYS_FILE: '/nonexistent/trusted.json' }, /EXECUTOR_TRUSTED_KEYS_FILE: .*ENOENT/],
    [{ EXECUTOR_TRUSTED_KEYS_FILE: emptyKeys }, /EXECUTOR_TRUSTED_KEYS_FILE: .*no key/],
    [{ EXECUTOR_CLOCK_SKEW_MS: '-1' }, /EXECUTOR_CLOCK_SKEW_MS/],
  ])('refuses %p', (bad, message) => {
    expect(() => loadConfig({ ...ok, ...bad })).toThrow(ConfigError);
    expect(() => loadConfig({ ...ok, ...bad })).toThrow(message);
  });
});
