import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArMessageV1, ConfigError, DependencyUnavailableError } from '@riposte/contracts';
import { EMPTY_STATE, type ExecutorState } from './executor-state';
import { LocalStateStore, STATE_FILE } from './local-state.store';

const state: ExecutorState = {
  active: {
    'firewall-drop-1.2.3.4': {
      arName: 'firewall-drop600',
      program: 'active-response/bin/firewall-drop',
      deleteMessage: ArMessageV1.buildArMessage({ nodeName: 'n', module: 'wazuh-execd', command: 'delete', extraArgs: [], alert: { id: '1.2' } }),
      keys: ['1.2.3.4'],
      addedAt: 1000,
      timeoutSeconds: 600,
    },
  },
  offenders: { 'firewall-drop-1.2.3.4': 1 },
};

const homes: string[] = [];
const home = () => {
  const h = mkdtempSync(path.join(tmpdir(), 'riposte-state-'));
  homes.push(h);
  return h;
};
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('LocalStateStore (deviation b, on the local disk)', () => {
  it('starts empty without a file', () => {
    expect(new LocalStateStore(home()).load()).toEqual(EMPTY_STATE);
  });

  it('saves atomically and a new store reads the same state back', async () => {
    const h = home();
    const store = new LocalStateStore(h);
    store.load();
    await store.save(state);
    expect(store.current).toBe(state);
    expect(new LocalStateStore(h).load()).toEqual(state);
    expect(readdirSync(path.join(h, 'var'))).toEqual(['riposte-state.json']); // no temp file left behind
    expect(JSON.parse(readFileSync(path.join(h, STATE_FILE), 'utf8')).version).toBe(1);
  });

  it('keeps the order of concurrent saves', async () => {
    const h = home();
    const store = new LocalStateStore(h);
    await Promise.all([store.save(state), store.save(EMPTY_STATE)]);
    expect(new LocalStateStore(h).load()).toEqual(EMPTY_STATE);
  });

  it('refuses to boot on a damaged file rather than forget blocks', () => {
    const h = home();
    mkdirSync(path.join(h, 'var'));
    writeFileSync(path.join(h, STATE_FILE), '{"version":1,"active":{"x":{}}');
    expect(() => new LocalStateStore(h).load()).toThrow(ConfigError);
  });

  it('a write that fails is retriable and leaves the state as it was', async () => {
    const h = home();
    writeFileSync(path.join(h, 'var'), ''); // a file where the folder should be (permissions would not stop root)
    const store = new LocalStateStore(h);
    await expect(store.save(state)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(store.current).toBe(EMPTY_STATE);
  });
});
