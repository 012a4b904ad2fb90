/**
 * Throughput of the timer store on a real Redis (REDIS_URL): scheduleMany, then claimDue + ack in batches, with
 * one and two concurrent claimers. Prints figures; asserts nothing.
 *
 *   node -r ./tools/ts-register.js libs/store/src/bench/claim-throughput.bench.ts [timers=20000] [batch=500]
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Schedule } from '@riposte/contracts';
import { createRedis, redisOptionsFromEnv } from '../create-redis';
import { StoreKeys } from '../store-keys';
import { RedisTimerStore } from '../timer.store';

const TOTAL = Number(process.argv[2] ?? 20_000);
const BATCH = Number(process.argv[3] ?? 500);
const T0 = 1_700_000_000_000;
const alert = { id: '1700000000.1', rule: { id: '5712', level: 10, groups: ['syslog', 'sshd', 'authentication_failures'], description: 'x'.repeat(120) }, full_log: 'y'.repeat(600), data: { srcip: '10.0.0.1' } };

function schedule(i: number): Schedule {
  const key = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return {
    type: 'schedule',
    agentId: String(1 + (i % 200)).padStart(3, '0'),
    rkey: `firewall-drop-${key}`,
    arName: 'firewall-drop600',
    deleteMessage: { version: 1, origin: { name: 'node01', module: 'wazuh-analysisd' }, command: 'delete', parameters: { extra_args: [], alert } },
    keys: [key],
    addedAt: T0 + (i % 1000),
    timeoutSeconds: 600,
    trigger: { alertId: alert.id, ruleId: '5712' },
  };
}

async function drain(stores: RedisTimerStore[], now: number): Promise<number> {
  let claimed = 0;
  await Promise.all(
    stores.map(async (store) => {
      for (;;) {
        const { timers } = await store.claimDue(now, BATCH, 30_000);
        if (timers.length === 0) return;
        claimed += timers.length;
        await store.ack(timers, now);
      }
    }),
  );
  return claimed;
}

async function clean(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;

async function main(): Promise<void> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const clients = [createRedis(redisOptionsFromEnv(process.env)), createRedis(redisOptionsFromEnv(process.env))];
  const keys = new StoreKeys(prefix);
  const stores = clients.map((c) => new RedisTimerStore(c, keys));
  const items = Array.from({ length: TOTAL }, (_, i) => ({ schedule: schedule(i), traceId: 'bench' }));
  const now = T0 + 601_000 + 1000;
  try {
    for (const claimers of [1, 2]) {
      let t = performance.now();
      for (let i = 0; i < items.length; i += BATCH) await stores[0].scheduleMany(items.slice(i, i + BATCH));
      const scheduleMs = performance.now() - t;
      t = performance.now();
      const claimed = await drain(stores.slice(0, claimers), now);
      const claimMs = performance.now() - t;
      process.stdout.write(
        `timers=${TOTAL} batch=${BATCH} payload≈${JSON.stringify(items[0]).length}B | scheduleMany ${rate(TOTAL, scheduleMs)} | ` +
          `claimDue+ack with ${claimers} claimer(s): ${rate(claimed, claimMs)} (${claimed} claimed)\n`,
      );
      await clean(clients[0], prefix);
    }
  } finally {
    await clean(clients[0], prefix);
    for (const c of clients) c.disconnect();
  }
}

void main();
