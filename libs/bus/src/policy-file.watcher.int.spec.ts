import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { waitFor } from '@riposte/testing';
import type { Log } from './json-logger';
import { PolicyFileWatcher } from './policy-file.watcher';

describe('PolicyFileWatcher on a real folder', () => {
  let dir: string;
  let file: string;
  let seen: string[];
  let warnings: string[];
  let watcher: PolicyFileWatcher;
  const log: Log = { debug: () => undefined, info: () => undefined, warn: (msg) => void warnings.push(msg), error: (msg) => void warnings.push(msg) };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'policy-watch-'));
    file = path.join(dir, 'ossec.conf');
    writeFileSync(file, 'v1');
    seen = [];
    warnings = [];
    // An hour's poll: only check() and fs.watch can see the changes below.
    watcher = new PolicyFileWatcher({ file, pollMs: 3_600_000, settleMs: 10, onChange: (text) => void seen.push(text), log });
    watcher.start('v1');
  });
  afterEach(() => {
    watcher.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands over a new content once, and not the content already loaded', async () => {
    await watcher.check();
    expect(seen).toEqual([]);
    writeFileSync(file, 'v2');
    await watcher.check();
    await watcher.check();
    expect(seen).toEqual(['v2']);
  });

  it('sees an atomic replacement (write then rename) through fs.watch on the folder', async () => {
    writeFileSync(path.join(dir, 'ossec.conf.tmp'), 'v3');
    renameSync(path.join(dir, 'ossec.conf.tmp'), file);
    await waitFor(() => seen.includes('v3'), { message: 'the renamed file was read' });
  });

  it('reports an unreadable file once, keeps going, and takes the file when it is back', async () => {
    rmSync(file);
    await watcher.check();
    await watcher.check();
    expect(warnings).toEqual(['cannot read the policy file; keeping the current policy']);
    expect(seen).toEqual([]);
    writeFileSync(file, 'v4');
    await watcher.check();
    expect(seen).toEqual(['v4']);
  });
});
