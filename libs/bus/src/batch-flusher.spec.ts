import type { OutgoingMessage } from '@riposte/contracts';
import { BatchFlusher } from './batch-flusher';

const msg = (n: number): OutgoingMessage => ({ topic: 't', key: null, value: { n } });

describe('BatchFlusher', () => {
  function recording(o: { failSend?: boolean } = {}) {
    const steps: string[] = [];
    const flusher = new BatchFlusher({
      producer: {
        send: async (m: readonly OutgoingMessage[]) => {
          if (o.failSend) throw new Error('broker down');
          steps.push(`send ${m.length}`);
        },
      },
      beforeCommit: async () => void steps.push('beforeCommit'),
      commit: async (offset) => void steps.push(`commit ${offset}`),
    });
    return { flusher, steps };
  }

  it('publishes the outputs, then commits the last handled offset, and commits an offset once', async () => {
    const { flusher, steps } = recording();
    flusher.add([msg(1), msg(2)]);
    flusher.handled('7');
    expect(flusher.pending).toBe(true);
    await flusher.flush();
    await flusher.flush();
    expect(steps).toEqual(['send 2', 'beforeCommit', 'commit 7', 'send 0']);
    expect(flusher.pending).toBe(false);
  });

  it('tells beforeCommit which offset is about to be committed', async () => {
    const offsets: string[] = [];
    const flusher = new BatchFlusher({ producer: { send: async () => undefined }, beforeCommit: async (offset) => void offsets.push(offset), commit: async () => undefined });
    flusher.handled('4');
    await flusher.flush();
    flusher.handled('9');
    await flusher.flush();
    expect(offsets).toEqual(['4', '9']);
  });

  it('after a failed flush commits nothing more and keeps throwing its error', async () => {
    const { flusher, steps } = recording({ failSend: true });
    flusher.add([msg(1)]);
    flusher.handled('3');
    await expect(flusher.flush()).rejects.toThrow('broker down');
    expect(() => flusher.throwIfFailed()).toThrow('broker down');
    await expect(flusher.flush()).rejects.toThrow('broker down');
    expect(steps).toEqual([]);
  });

  it('is due by time only when an interval is set', () => {
    let now = 0;
    const timed = new BatchFlusher({ producer: { send: async () => undefined }, commit: async () => undefined, intervalMs: 50, clock: () => now });
    expect(timed.due).toBe(false);
    now = 50;
    expect(timed.due).toBe(true);
    expect(recording().flusher.due).toBe(false);
  });
});
