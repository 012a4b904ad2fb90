import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, ContractViolationError, ExecCommandV1, keyIdOf, signCommandOutgoing, toHeaders, topicsFor, verifyCommand } from '@riposte/contracts';
import { tempDir } from '../testing/system';
import { FileReplayMemory } from './replay-memory.store';

const NOW = 1_765_000_000_000;

describe('FileReplayMemory (real files in a temp dir)', () => {
  const tmp = tempDir('riposte-replay-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const fresh = () => path.join(tmp.dir, `case-${++n}`, 'var', 'riposte-replay');
  const linesOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  /** Opens `file` at NOW and remembers each `[id, expiresAt]` at NOW; the caller closes it. */
  const openWith = (file: string, entries: ReadonlyArray<readonly [string, number]>) => {
    const memory = FileReplayMemory.open(file, NOW);
    for (const [id, expiresAt] of entries) memory.remember(id, expiresAt, NOW);
    return memory;
  };

  describe('when the executor restarts', () => {
    it('still knows the ids remembered before (a new instance on the same file)', () => {
      const file = fresh();
      openWith(file, [['id-1', NOW + 60_000], ['id-2', NOW + 60_000]]).close();
      const second = FileReplayMemory.open(file, NOW + 1_000);
      expect([second.has('id-1'), second.has('id-2'), second.has('id-3')]).toEqual([true, true, false]);
      second.close();
    });

    it('starts empty without a file, creating its folder', () => {
      const file = fresh();
      const memory = FileReplayMemory.open(file, NOW);
      expect(memory.size).toBe(0);
      memory.remember('a', NOW + 1, NOW);
      memory.close();
      expect(linesOf(file)).toEqual([`a ${NOW + 1}`]);
    });

    it('drops the entries that expired meanwhile, from memory and from the file', () => {
      const file = fresh();
      openWith(file, [['short', NOW + 10], ['long', NOW + 10_000]]).close();
      const second = FileReplayMemory.open(file, NOW + 11);
      expect([second.has('short'), second.has('long'), second.size]).toEqual([false, true, 1]);
      second.close();
      expect(linesOf(file)).toEqual([`long ${NOW + 10_000}`]);
    });

    it('keeps the latest expiry of an id written twice, in one line after the load', () => {
      const file = fresh();
      const first = openWith(file, [['x', NOW + 10], ['x', NOW + 500], ['x', NOW + 100]]); // the last is earlier than known: nothing written
      expect(first.fileLines).toBe(2);
      first.close();
      const second = FileReplayMemory.open(file, NOW + 200);
      expect(second.has('x')).toBe(true);
      second.close();
      expect(linesOf(file)).toEqual([`x ${NOW + 500}`]);
    });

    it('ignores a last line torn by a crash and appends cleanly after it', () => {
      const file = fresh();
      openWith(file, [['whole', NOW + 1_000]]).close();
      fs.appendFileSync(file, 'torn 17650');
      const second = FileReplayMemory.open(file, NOW);
      expect([second.has('whole'), second.has('torn')]).toEqual([true, false]);
      second.remember('after', NOW + 1_000, NOW);
      second.close();
      const third = FileReplayMemory.open(file, NOW);
      expect([third.has('whole'), third.has('after'), third.has('torn')]).toEqual([true, true, false]);
      third.close();
    });

    it('refuses to start on a file damaged in the middle', () => {
      const file = fresh();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `ok ${NOW}\nnot a line\nok2 ${NOW}\n`);
      expect(() => FileReplayMemory.open(file, NOW)).toThrow(ConfigError);
      expect(() => FileReplayMemory.open(file, NOW)).toThrow(/line 2/);
    });
  });

  describe('when the file doubles', () => {
    it('compacts it to the live entries', () => {
      const file = fresh();
      const memory = FileReplayMemory.open(file, NOW, { minCompactLines: 8 });
      for (let i = 0; i < 7; i++) memory.remember(`old-${i}`, NOW + 10, NOW);
      expect(memory.fileLines).toBe(7);
      memory.remember('new-0', NOW + 10_000, NOW + 100); // the 8th line: compaction, the old ones expired
      expect([memory.fileLines, memory.size]).toEqual([1, 1]);
      expect(linesOf(file)).toEqual([`new-0 ${NOW + 10_000}`]);
      memory.close();
    });

    it('keeps every live entry through compactions, the file staying within twice the live count', () => {
      const file = fresh();
      const memory = FileReplayMemory.open(file, NOW, { minCompactLines: 4 });
      for (let i = 0; i < 100; i++) {
        memory.remember(`m-${i}`, NOW + 1_000_000, NOW + i);
        expect(memory.fileLines).toBeLessThanOrEqual(Math.max(2 * memory.size, 4));
      }
      memory.close();
      const reopened = FileReplayMemory.open(file, NOW + 100);
      expect(Array.from({ length: 100 }, (_, i) => reopened.has(`m-${i}`)).every(Boolean)).toBe(true);
      expect(reopened.size).toBe(100);
      reopened.close();
    });

    it('syncs what it wrote (and nothing when nothing changed)', async () => {
      const memory = FileReplayMemory.open(fresh(), NOW);
      await memory.sync();
      memory.remember('s', NOW + 1, NOW);
      await memory.sync();
      await memory.sync();
      memory.close();
      expect(linesOf(memory.file)).toEqual([`s ${NOW + 1}`]);
    });
  });

  it('refuses ids that do not fit one line', () => {
    const memory = FileReplayMemory.open(fresh(), NOW);
    for (const id of ['', 'a b', 'a\nb', 'x'.repeat(257)]) expect(() => memory.remember(id, NOW, NOW)).toThrow(ContractViolationError);
    expect(() => memory.remember('ok', -1, NOW)).toThrow(ContractViolationError);
    memory.close();
  });

  it('is the replay port of verifyCommand: a command replayed after a restart is refused', () => {
    const file = fresh();
    const issuer = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(issuer.publicKey);
    const topics = topicsFor('replay');
    const m = { topic: topics.exec('001'), headers: toHeaders({ messageId: 'cmd-1', issuedAt: NOW, expiresAt: NOW + 60_000, traceId: 't', type: ExecCommandV1.TYPE_ADD }), value: Buffer.from('{"version":1}') };
    const sent = { ...m, headers: signCommandOutgoing(m, '001', issuer.privateKey, keyId) };
    const verifyWith = (memory: FileReplayMemory, now: number) => verifyCommand(sent, { agentId: '001', trustedKeys: new Map([[keyId, issuer.publicKey]]), now, skewMs: 1_000, seen: (id) => memory.has(id) });

    const before = FileReplayMemory.open(file, NOW);
    const first = verifyWith(before, NOW);
    if (!first.ok) throw new Error(`expected acceptance, got ${first.reason}`);
    before.remember(first.messageId, first.rememberUntil, NOW);
    before.close();

    const after = FileReplayMemory.open(file, NOW + 5_000);
    expect(verifyWith(after, NOW + 5_000)).toMatchObject({ ok: false, reason: 'replayed' });
    after.close();
  });
});
