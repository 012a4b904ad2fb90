import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArMessageV1, ConfigError, DependencyUnavailableError } from '@riposte/contracts';
import type { ActiveKey, KeyRecord } from './executor-state';
import { LEGACY_STATE_FILE } from './legacy-state';
import { LocalStateStore, STATE_LOG } from './local-state.store';

const NOW = 1_700_000_000_000;
const active = (ip: string, addedAt = NOW): ActiveKey => ({
  arName: 'firewall-drop600',
  program: 'active-response/bin/firewall-drop',
  deleteMessage: ArMessageV1.buildArMessage({ nodeName: 'n', module: 'wazuh-execd', command: 'delete', extraArgs: [], alert: { id: '1.2', data: { srcip: ip } } }),
  keys: [ip],
  addedAt,
  timeoutSeconds: 600,
  trigger: { alertId: '1.2' },
});
const RKEY = 'firewall-drop-1.2.3.4';
const record: KeyRecord = { active: active('1.2.3.4'), offender: { count: 1, until: NOW + 3600_000 } };

const homes: string[] = [];
const home = () => {
  const h = mkdtempSync(path.join(tmpdir(), 'riposte-state-'));
  homes.push(h);
  return h;
};
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));
const opened = (h: string, o?: ConstructorParameters<typeof LocalStateStore>[1], now = NOW) => {
  const store = new LocalStateStore(h, o);
  store.load(now);
  return store;
};
const logLines = (h: string) => readFileSync(path.join(h, STATE_LOG), 'utf8').split('\n').filter(Boolean);

describe('LocalStateStore (deviation b, on the local disk, one record per rkey)', () => {
  it('starts empty without a file', () => {
    const store = opened(home());
    expect(store.get(RKEY)).toBeUndefined();
    expect(store.activeCount).toBe(0);
  });

  it('puts a record and a new store reads the same record back; no temp file is left', async () => {
    const h = home();
    const store = opened(h);
    store.put(RKEY, record);
    await store.sync();
    expect(store.get(RKEY)).toEqual(record);
    expect(opened(h).get(RKEY)).toEqual(record);
    expect([...opened(h).active()]).toEqual([[RKEY, record.active]]);
    expect(readdirSync(path.join(h, 'var'))).toEqual(['riposte-state.log']);
  });

  it('appends one line per put, holding that rkey only, whatever else is active', () => {
    const h = home();
    const store = opened(h);
    for (let i = 0; i < 200; i++) store.put(`firewall-drop-10.0.0.${i}`, { active: active(`10.0.0.${i}`) });
    const before = store.logBytes;
    store.put(RKEY, record);
    const last = logLines(h).at(-1)!;
    expect(store.logBytes - before).toBe(Buffer.byteLength(last) + 1);
    expect(JSON.parse(last)).toEqual({ k: RKEY, r: record });
  });

  it('forgets a key: the last line of an rkey wins on reload', () => {
    const h = home();
    const store = opened(h);
    store.put(RKEY, record);
    store.put(RKEY, { offender: record.offender });
    store.put('other', { active: active('5.6.7.8') });
    store.put('other', undefined);
    const again = opened(h);
    expect(again.get(RKEY)).toEqual({ offender: record.offender });
    expect(again.get('other')).toBeUndefined();
    expect(again.activeCount).toBe(0);
  });

  it('compacts once the log is twice the live records: its size stays proportional to the live keys', () => {
    const h = home();
    const store = opened(h, { minCompactBytes: 4096 });
    let largest = 0;
    for (let i = 0; i < 2000; i++) {
      store.put(RKEY, { active: active('1.2.3.4', NOW + i) });
      largest = Math.max(largest, store.logBytes);
    }
    expect(largest).toBeLessThanOrEqual(4096 + 2000);
    expect(opened(h).get(RKEY)?.active?.addedAt).toBe(NOW + 1999);
  });

  it('ignores an unterminated last line (a crash inside an append) and drops it at the next open', () => {
    const h = home();
    opened(h).put(RKEY, record);
    writeFileSync(path.join(h, STATE_LOG), readFileSync(path.join(h, STATE_LOG), 'utf8') + '{"k":"half-writ');
    expect(opened(h).get(RKEY)).toEqual(record);
    expect(logLines(h)).toHaveLength(2);
  });

  it('refuses to boot on a damaged line rather than forget blocks', () => {
    const h = home();
    mkdirSync(path.join(h, 'var'));
    writeFileSync(path.join(h, STATE_LOG), '{"version":2}\n{"k":"x","r":{"active":{}}}\n');
    expect(() => opened(h)).toThrow(ConfigError);
    expect(() => opened(h)).toThrow(/line 2/);
  });

  it('drops offender counts that expired, at open and at prune, never an active key', () => {
    const h = home();
    const store = opened(h);
    store.put('gone', { offender: { count: 2, until: NOW + 10 } });
    store.put('kept', { offender: { count: 2 } });
    store.put('blocked', { active: active('9.9.9.9'), offender: { count: 2, until: NOW + 10 } });
    expect(store.prune(NOW + 11)).toBe(1);
    expect(store.get('gone')).toBeUndefined();
    const reopened = opened(h, {}, NOW + 11);
    expect(reopened.get('gone')).toBeUndefined();
    expect(reopened.get('kept')).toEqual({ offender: { count: 2 } });
    expect(reopened.get('blocked')?.active).toBeDefined();
  });

  it('migrates the single-file state of earlier versions at open, then removes it', () => {
    const h = home();
    mkdirSync(path.join(h, 'var'));
    const { trigger: _t, ...old } = active('1.2.3.4');
    writeFileSync(path.join(h, LEGACY_STATE_FILE), JSON.stringify({ version: 1, active: { [RKEY]: old }, offenders: { [RKEY]: 2, 'firewall-drop-5.6.7.8': 1 } }));
    const store = opened(h, { offenderWindowMs: 1000 });
    expect(store.get(RKEY)).toEqual({ active: { ...old, trigger: { alertId: '1.2' } }, offender: { count: 2, until: NOW + 600_000 + 1000 } });
    expect(store.get('firewall-drop-5.6.7.8')).toEqual({ offender: { count: 1, until: NOW + 1000 } });
    expect(readdirSync(path.join(h, 'var'))).toEqual(['riposte-state.log']);
    expect(opened(h).get(RKEY)?.active?.addedAt).toBe(NOW);
  });

  it('refuses to boot on a damaged old file rather than forget blocks', () => {
    const h = home();
    mkdirSync(path.join(h, 'var'));
    writeFileSync(path.join(h, LEGACY_STATE_FILE), '{"version":1,"active":{"x":{}}');
    expect(() => opened(h)).toThrow(ConfigError);
  });

  it('a write that fails is retriable and leaves the table as it was', () => {
    const h = home();
    const store = opened(h);
    store.close(); // the descriptor is gone, as after a failing disk
    expect(() => store.put(RKEY, record)).toThrow(DependencyUnavailableError);
    expect(store.get(RKEY)).toBeUndefined();
  });
});
