import { PassThrough } from 'node:stream';
import { createLineReader, MAX_LINE_BYTES } from './script-io';

const tick = () => new Promise((r) => setImmediate(r));

describe('createLineReader (a script’s stdout as execd reads it)', () => {
  it('reads lines in order and the rest at the end', async () => {
    const input = new PassThrough();
    const read = createLineReader(input);
    input.end('one\ntwo\nthree');
    expect([await read(), await read(), await read(), await read()]).toEqual(['one', 'two', 'three', null]);
  });

  it('cuts a line longer than the maximum there, like fgets', async () => {
    const input = new PassThrough();
    const read = createLineReader(input);
    input.end(`${'x'.repeat(MAX_LINE_BYTES + 10)}\n`);
    expect((await read())?.length).toBe(MAX_LINE_BYTES);
  });

  describe('when a script prints without end (issue 11)', () => {
    it('keeps at most the limit while waiting for a line', async () => {
      const input = new PassThrough();
      const read = createLineReader(input, { limitBytes: 1000 });
      for (let i = 0; i < 100; i++) input.write('y'.repeat(1000));
      await tick();
      expect(read.buffered()).toBe(1000);
      expect((await read(2000))?.length).toBe(1000);
    });

    it('after discard, keeps nothing of what follows the first line and lets it flow', async () => {
      const input = new PassThrough();
      const read = createLineReader(input, { limitBytes: 1 << 20 });
      input.write('{"command":"check_keys"}\n');
      expect(await read()).toBe('{"command":"check_keys"}');
      read.discard();
      let flowed = 0;
      input.on('data', (b: Buffer) => (flowed += b.length));
      for (let i = 0; i < 50; i++) input.write('z'.repeat(10_000));
      await tick();
      expect(read.buffered()).toBe(0);
      expect(flowed).toBe(500_000);
    });
  });
});
