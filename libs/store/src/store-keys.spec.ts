import { createHash } from 'node:crypto';
import { StoreKeys } from './store-keys';

describe('StoreKeys', () => {
  it('shapes every key as <prefix>:<area>:<type>[:<id>]', () => {
    const k = new StoreKeys('rp');
    expect(k.timers.due).toBe('rp:timers:due');
    expect(k.timers.retiredAt).toBe('rp:timers:retired-at');
    expect(k.agents.activeUntil).toBe('rp:agents:active-until');
    expect(k.agents.enrolledKeys).toBe('rp:agents:enrolled-keys');
    expect(k.key('exec', 'state', '001')).toBe('rp:exec:state:001');
  });

  it('defaults the prefix to riposte and accepts a hash-tagged one for Redis Cluster', () => {
    expect(new StoreKeys().timers.payload).toBe('riposte:timers:payload');
    expect(new StoreKeys('{riposte}').agents.info).toBe('{riposte}:agents:info');
  });

  it('refuses a prefix that would let keys collide or glob', () => {
    for (const bad of ['', 'a b', 'a*', 'a:b', 'a?']) expect(() => new StoreKeys(bad)).toThrow(/invalid Redis key prefix/);
  });
});

describe('StoreKeys#ingestFilePosition', () => {
  it('keys a tailed file by the SHA-1 of its path, under the prefix', () => {
    const keys = new StoreKeys('p');
    expect(keys.ingestFilePosition('/var/ossec/logs/alerts/alerts.json')).toBe('p:ingest:file:' + createHash('sha1').update('/var/ossec/logs/alerts/alerts.json').digest('hex'));
    expect(keys.ingestFilePosition('/a')).not.toBe(keys.ingestFilePosition('/b'));
  });
});
