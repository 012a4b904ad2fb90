import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../testing/system';
import { withLock } from './file-lock';

describe("Wazuh's lock directory (active-response/bin/fw-drop)", () => {
  const tmp = tempDir();
  const dir = path.join(tmp.dir, 'active-response', 'bin', 'fw-drop');
  afterAll(() => tmp.cleanup());

  it('holds the directory with our pid while running, and removes it after', async () => {
    const seen = await withLock(dir, async () => fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
    expect(seen).toEqual({ taken: true, value: String(process.pid) });
    expect(fs.existsSync(dir)).toBe(false);
  });
  it('makes in-process runs take turns', async () => {
    const order: string[] = [];
    const step = (name: string) => withLock(dir, async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 20));
      order.push(`${name}-`);
    });
    await Promise.all([step('a'), step('b'), step('c')]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });
  it('takes over a lock whose holder is dead', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pid'), '4194303');
    expect((await withLock(dir, async () => 'ok', { waitMs: 1 })).value).toBe('ok');
  });
  it('gives up on a lock held by a live process', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pid'), String(process.ppid));
    expect(await withLock(dir, async () => 'ok', { attempts: 3, waitMs: 1 })).toEqual({ taken: false });
    fs.rmSync(dir, { recursive: true });
  });
});
