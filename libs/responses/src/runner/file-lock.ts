import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

const chains = new Map<string, Promise<unknown>>();

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function tryTake(dir: string): Promise<boolean> {
  try {
    await fsp.mkdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number(await fsp.readFile(path.join(dir, 'pid'), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return false;
    await fsp.rm(dir, { recursive: true, force: true }); // stale: its holder is gone
    return false;
  }
  await fsp.writeFile(path.join(dir, 'pid'), String(process.pid));
  return true;
}

export interface LockOptions {
  /** Attempts before giving up (Wazuh: 50). @defaultValue 50 */
  readonly attempts?: number;
  /** Wait between attempts, in milliseconds. @defaultValue 100 */
  readonly waitMs?: number;
}

/**
 * Wazuh's lock directory (`active-response/bin/fw-drop` with a `pid` file) shared with other processes, plus an
 * in-process queue so that scripts run inside the executor take turns. Resolves with `fn`'s result, or with
 * `undefined` when the lock could not be taken (the script then logs `Unable to take lock. End.`).
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<{ taken: boolean; value?: T }> {
  const previous = chains.get(dir) ?? Promise.resolve();
  const run = previous.then(async () => {
    await fsp.mkdir(path.dirname(dir), { recursive: true });
    const attempts = options.attempts ?? 50;
    for (let i = 0; i < attempts; i++) {
      if (await tryTake(dir)) {
        try {
          return { taken: true, value: await fn() };
        } finally {
          await fsp.rm(dir, { recursive: true, force: true });
        }
      }
      await new Promise((r) => setTimeout(r, options.waitMs ?? 100));
    }
    return { taken: false };
  });
  const settled = run.catch(() => undefined);
  chains.set(dir, settled);
  void settled.then(() => {
    if (chains.get(dir) === settled) chains.delete(dir);
  });
  return run;
}
