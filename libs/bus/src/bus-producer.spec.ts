import type { OutgoingMessage } from '@riposte/contracts';
import { chunkByBytes, MAX_SEND_BYTES, messageBytes } from './bus-producer';

const msg = (valueBytes: number, key = 'k'): OutgoingMessage => ({ topic: 't', key, value: 'v'.repeat(valueBytes), headers: { h: 'x' } });

describe('chunkByBytes', () => {
  it('keeps everything in one send when it fits', () => {
    const ms = [msg(100), msg(100), msg(100)];
    expect(chunkByBytes(ms, 10_000)).toEqual([ms]);
  });

  it('starts a new send when the next message would go over, keeping the order', () => {
    const ms = [msg(400), msg(400), msg(400), msg(10)];
    const limit = 2 * messageBytes(msg(400));
    expect(chunkByBytes(ms, limit)).toEqual([[ms[0], ms[1]], [ms[2], ms[3]]]);
  });

  it('sends a message larger than the limit alone', () => {
    const ms = [msg(10), msg(5000), msg(10)];
    expect(chunkByBytes(ms, 1000)).toEqual([[ms[0]], [ms[1]], [ms[2]]]);
  });

  it('splits by MAX_SEND_BYTES by default, every chunk under it', () => {
    const ms = Array.from({ length: 600 }, () => msg(2000));
    const chunks = chunkByBytes(ms);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(ms);
    for (const c of chunks) expect(c.reduce((n, m) => n + messageBytes(m), 0)).toBeLessThanOrEqual(MAX_SEND_BYTES);
  });

  it('counts multi-byte characters as bytes', () => {
    expect(messageBytes({ topic: 't', value: 'é' })).toBe(messageBytes({ topic: 't', value: 'ee' }));
  });

  it('counts an object value as its JSON', () => {
    expect(messageBytes({ topic: 't', value: { a: 1 } })).toBe(messageBytes({ topic: 't', value: '{"a":1}' }));
  });

  it('has nothing to send for no messages', () => {
    expect(chunkByBytes([])).toEqual([]);
  });
});
