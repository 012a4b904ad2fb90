/**
 * `npm run bench:scheduler`: the scheduler's timer store and undo path on the real Redis and Kafka, with
 * BENCH_PENDING (default 1,000,000) timers pending in Redis under a unique prefix (deleted afterwards). Prints:
 * - schedule throughput: `scheduleMany` in batches of 1,000 (one Lua call each, as the consumer does per batch);
 * - Redis memory per pending timer (INFO memory used_memory before and after, divided by the count);
 * - fire throughput: BENCH_FIRE (default 100,000) due timers over BENCH_AGENTS (default 100) agents, through the
 *   scheduler's own undo path (`TimerUndo`: claimDue → sign each delete with Ed25519 → one send of the deletes and
 *   their audits with the scheduler's FiringSender on the real broker → ack), batch SCHEDULER_BATCH (default 500);
 * - fire lateness p50/p99 while timers fall due at BENCH_RATE (default 10,000/s) for 10 s, on the real clock with
 *   the firing loop's sleep (next due time, capped by the 100 ms tick): lateness = when the send and ack completed
 *   minus the due time.
 * Asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Redis } from 'ioredis';
import { BusAdmin, commandTopicConfigs, createCommandSigner, createKafka, DEFAULT_COMMAND_RETENTION_MS, generateIssuerKeys, kafkaConfigFromEnv, loadSigningKey } from '@riposte/bus';
import { buildDeleteMessages, topicsFor, type Schedule } from '@riposte/contracts';
import { createRedis, dueAtOf, nextWakeDelay, RedisTimerStore, redisOptionsFromEnv, StoreKeys, TimerUndo, type ScheduleItem } from '@riposte/store';
import { loadSchedulerEnv } from '../env';
import { FiringSender } from '../timers/firing-sender';

const PENDING = Number(process.env.BENCH_PENDING ?? 1_000_000);
const FIRE = Number(process.env.BENCH_FIRE ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 10_000);
const AGENTS = Array.from({ length: Number(process.env.BENCH_AGENTS ?? 100) }, (_, i) => String(i + 1).padStart(3, '0'));
const BATCH = Number(process.env.SCHEDULER_BATCH ?? 500);
const SCHEDULE_BATCH = 1000;
const TICK_MS = 100;
const env = { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };

const alert = (ip: string) => ({
  id: '1700000000.1549653',
  timestamp: '2026-12-07T10:00:00.000+0000',
  rule: { id: '5712', level: 10, description: 'sshd: brute force trying to get access to the system. Non existent user.', groups: ['syslog', 'sshd', 'authentication_failures'] },
  agent: { id: '001', name: 'web01' },
  data: { srcip: ip, srcuser: 'admin' },
  location: '/var/log/auth.log',
});

function schedule(i: number, addedAt: number, timeoutSeconds: number, tag: string): Schedule {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const agentId = AGENTS[i % AGENTS.length];
  return {
    type: 'schedule',
    agentId,
    rkey: `firewall-drop-${tag}-${ip}`,
    arName: 'firewall-drop600',
    deleteMessage: { version: 1, origin: { name: 'node01', module: 'wazuh-analysisd' }, command: 'delete', parameters: { extra_args: [], alert: alert(ip), program: 'active-response/bin/firewall-drop' } },
    keys: [ip],
    addedAt,
    timeoutSeconds,
    trigger: { alertId: '1700000000.1549653', ruleId: '5712' },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;
const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

async function clean(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

async function main(): Promise<void> {
  const ns = `benchsched${Date.now().toString(36)}`;
  const prefix = ns;
  const topics = topicsFor(ns);
  const keyDir = mkdtempSync(path.join(tmpdir(), 'riposte-bench-sched-'));
  const issuer = generateIssuerKeys(keyDir);
  const config = loadSchedulerEnv({ ...env, RIPOSTE_TOPIC_NAMESPACE: ns, RIPOSTE_SIGNING_KEY_FILE: issuer.privateKeyFile });
  const kafka = createKafka(kafkaConfigFromEnv(env, 'bench-scheduler'));
  const admin = new BusAdmin(kafka, { configsFor: commandTopicConfigs(topics, DEFAULT_COMMAND_RETENTION_MS) });
  const redis = createRedis(redisOptionsFromEnv(env));
  const store = new RedisTimerStore(redis, new StoreKeys(prefix));
  const signer = createCommandSigner(loadSigningKey(issuer.privateKeyFile), topics);
  const sender = new FiringSender(admin, config, topics);
  const undo = new TimerUndo({ send: sender, timers: store, clock: () => Date.now(), messages: (t, now) => signer.sign(buildDeleteMessages(t, now, topics)) });
  const out: Record<string, unknown> = { pending: PENDING, agents: AGENTS.length, fireBatch: BATCH };
  try {
    await admin.ensureTopics([{ topic: topics.audit, numPartitions: 1 }, ...AGENTS.map((a) => ({ topic: topics.exec(a), numPartitions: 1 }))]);
    await sender.onModuleInit();
    // Warm up the scripts, the connections and the topic metadata.
    await store.scheduleMany(AGENTS.map((_, i) => ({ schedule: schedule(i, Date.now() - 700_000, 600, 'warm') })));
    await undo.fireDue(BATCH, 30_000, { mode: 'release' });

    // 1. schedule throughput and memory, with every timer pending an hour or more from now.
    const before = await usedMemory(redis);
    const farAdded = Date.now() + 3_600_000;
    let t = performance.now();
    for (let i = 0; i < PENDING; i += SCHEDULE_BATCH) {
      const items: ScheduleItem[] = [];
      for (let j = i; j < Math.min(PENDING, i + SCHEDULE_BATCH); j++) items.push({ schedule: schedule(j, farAdded + (j % 3_600_000), 600, 'p'), traceId: 'bench-trace-0000000000000000' });
      await store.scheduleMany(items);
    }
    const scheduleMs = performance.now() - t;
    const after = await usedMemory(redis);
    out.scheduleThroughput = rate(PENDING, scheduleMs);
    out.redisBytesPerTimer = Math.round((after - before) / PENDING);
    out.payloadBytes = JSON.stringify({ traceId: 'bench-trace-0000000000000000', schedule: schedule(1, farAdded, 600, 'p') }).length;
    process.stdout.write(`schedule (scheduleMany, ${SCHEDULE_BATCH} per Lua call): ${PENDING.toLocaleString('en')} timers in ${(scheduleMs / 1000).toFixed(1)} s = ${out.scheduleThroughput}\n`);
    process.stdout.write(`Redis memory: ${(((after - before) / 1024 / 1024) | 0).toLocaleString('en')} MiB for ${PENDING.toLocaleString('en')} timers = ${out.redisBytesPerTimer} B per timer (stored JSON ≈ ${out.payloadBytes} B)\n`);

    // 2. fire throughput: FIRE timers already due, among the pending ones.
    const dueAdded = Date.now() - 700_000;
    for (let i = 0; i < FIRE; i += SCHEDULE_BATCH) {
      await store.scheduleMany(Array.from({ length: Math.min(SCHEDULE_BATCH, FIRE - i) }, (_, k) => ({ schedule: schedule(i + k, dueAdded, 600, 'f'), traceId: 'bench-trace-fire' })));
    }
    let fired = 0;
    let failed = 0;
    t = performance.now();
    for (;;) {
      const r = await undo.fireDue(BATCH, 30_000, { mode: 'park', policy: { baseMs: 1000, maxMs: 60_000 } });
      fired += r.sent.length;
      failed += r.failed.reduce((n, f) => n + f.timers.length, 0);
      if (r.sent.length + r.failed.length === 0) break;
    }
    const fireMs = performance.now() - t;
    out.fireThroughput = rate(fired, fireMs);
    process.stdout.write(`fire (claimDue → sign → send to ${AGENTS.length} agent topics + audit → ack, batch ${BATCH}): ${fired.toLocaleString('en')} in ${(fireMs / 1000).toFixed(1)} s = ${out.fireThroughput}${failed ? ` (${failed} failed)` : ''}\n`);

    // 3. lateness while timers fall due at RATE/s for 10 s, on the real clock.
    const count = RATE * 10;
    const start = Date.now() + 2000;
    for (let i = 0; i < count; i += SCHEDULE_BATCH) {
      await store.scheduleMany(
        Array.from({ length: Math.min(SCHEDULE_BATCH, count - i) }, (_, k) => {
          const n = i + k;
          return { schedule: schedule(n, start + Math.floor((n * 1000) / RATE) - 600_001, 600, 'l'), traceId: 'bench-trace-late' };
        }),
      );
    }
    const lateness: number[] = [];
    while (lateness.length < count && Date.now() < start + 30_000) {
      for (;;) {
        const r = await undo.fireDue(BATCH, 30_000, { mode: 'park', policy: { baseMs: 1000, maxMs: 60_000 } });
        const doneAt = Date.now();
        for (const s of r.sent) lateness.push(doneAt - dueAtOf(s));
        if (r.sent.length + r.failed.length < BATCH) break;
      }
      const sleep = nextWakeDelay(await store.nextDueAt(), Date.now(), TICK_MS);
      await new Promise((r) => setTimeout(r, sleep));
    }
    out.latenessP50Ms = pct(lateness, 50);
    out.latenessP99Ms = pct(lateness, 99);
    out.latenessMaxMs = pct(lateness, 100);
    process.stdout.write(`lateness at ${RATE.toLocaleString('en')}/s due for 10 s (${lateness.length.toLocaleString('en')} fired, tick ${TICK_MS} ms): p50 ${out.latenessP50Ms} ms, p99 ${out.latenessP99Ms} ms, max ${out.latenessMaxMs} ms\n`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await clean(redis, prefix);
    await admin.deleteTopics([topics.audit, ...AGENTS.map((a) => topics.exec(a))]).catch(() => undefined);
    await sender.onApplicationShutdown();
    redis.disconnect();
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
