import { DependencyUnavailableError } from '@riposte/contracts';
import { ActiveAgentsCache, type ActiveAgentSource } from './active-agents.cache';

function countingSource(lists: string[][]): ActiveAgentSource & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    activeAgentIds: async (now: number) => {
      calls.push(now);
      return lists[Math.min(calls.length - 1, lists.length - 1)];
    },
  };
}

describe('ActiveAgentsCache', () => {
  describe('when asked again within maxAgeMs', () => {
    it('reuses the fetched list', async () => {
      const source = countingSource([['001'], ['001', '002']]);
      const cache = new ActiveAgentsCache(source, 500);
      expect(await cache.get(1000)).toEqual(['001']);
      expect(await cache.get(1499)).toEqual(['001']);
      expect(source.calls).toEqual([1000]);
    });
  });

  describe('when the list is older than maxAgeMs', () => {
    it('fetches it again', async () => {
      const source = countingSource([['001'], ['001', '002']]);
      const cache = new ActiveAgentsCache(source, 500);
      await cache.get(1000);
      expect(await cache.get(1500)).toEqual(['001', '002']);
      expect(source.calls).toEqual([1000, 1500]);
    });
  });

  describe('when maxAgeMs is 0', () => {
    it('fetches every time', async () => {
      const source = countingSource([['001']]);
      const cache = new ActiveAgentsCache(source, 0);
      await cache.get(1000);
      await cache.get(1000);
      expect(source.calls).toHaveLength(2);
    });
  });

  describe('when callers ask concurrently', () => {
    it('shares one fetch', async () => {
      const source = countingSource([['001']]);
      const cache = new ActiveAgentsCache(source, 500);
      const lists = await Promise.all([cache.get(1000), cache.get(1000), cache.get(1001)]);
      expect(lists).toEqual([['001'], ['001'], ['001']]);
      expect(source.calls).toHaveLength(1);
    });
  });

  describe('when the registry fails', () => {
    it('raises a retriable error and tries again next time', async () => {
      let fail = true;
      const cache = new ActiveAgentsCache({ activeAgentIds: async () => { if (fail) throw new Error('ECONNREFUSED'); return ['003']; } }, 500);
      await expect(cache.get(1000)).rejects.toBeInstanceOf(DependencyUnavailableError);
      fail = false;
      expect(await cache.get(1001)).toEqual(['003']);
    });
  });
});
