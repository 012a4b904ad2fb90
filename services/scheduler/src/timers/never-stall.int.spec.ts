import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { createEnvelope, ExecCommandV1, HEADER, topicsFor, withEnvelope, type Schedule } from '@riposte/contracts';
import { RedisTimerStore, StoreKeys } from '@riposte/store';
import { agentSigned, connectedProducer, deleteKeys, enrolTestAgents, kafkaBrokers, redisUrl, requireKafka, requireRedis, testAgentKeys, testIssuer, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadSchedulerEnv } from '../env';
import { TimerRequestConsumer } from './timer-request.consumer';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const namespace = uniqueName('sched-stall');
const prefix = uniqueName('sched-stall');
const issuer = testIssuer();
const env = {
  ...process.env,
  KAFKA_BROKERS: kafkaBrokers(),
  REDIS_URL: redisUrl(),
  RIPOSTE_TOPIC_NAMESPACE: namespace,
  RIPOSTE_REDIS_PREFIX: prefix,
  SCHEDULER_TICK_MS: '50',
  SCHEDULER_PARK_BASE_MS: '2000',
  // A re-announcement right after the firing re-fires (the grace is for deletes still queued).
  SCHEDULER_REFIRE_GRACE_MS: '0',
  ...issuer.issuerEnv,
};
const topics = topicsFor(namespace);
const BAD = '011';
const GOOD = ['012', '013'];
// Every agent of the spec, enrolled: the scheduler takes only timer requests signed by the agent's key.
const agentKeys = testAgentKeys([BAD, ...GOOD, '021', '022', '023']);

const aSchedule = (agentId: string, key: string, o: Partial<Schedule> = {}): Schedule => aScheduleFor(agentId, key, { addedAt: Date.now(), timeoutSeconds: 1, ...o });

interface Audit {
  type: string;
  agentId: string;
  rkey?: string;
  reason?: string;
  detail: Record<string, unknown>;
}

describe('scheduler: never stall, never lose (issue 11)', () => {
  let kafka: Kafka;
  let redis: Redis;
  let admin: BusAdmin;
  let producer: BusProducer;
  let recorder: TopicRecorder;
  let store: RedisTimerStore;
  let app: INestApplicationContext;
  const send = (schedules: Schedule[], issuedAt = Date.now()) =>
    producer.send(schedules.map((s) => agentSigned(withEnvelope(topics.timers, s.agentId, s, createEnvelope({ now: issuedAt, type: 'timer.schedule', traceId: uniqueName('trace') })), agentKeys.get(s.agentId)!)));
  const deletesFor = (agentId: string) => recorder.on(topics.exec(agentId));
  const audits = (type: string, agentId: string) => recorder.json<Audit>(topics.audit).filter((a) => a.type === type && a.agentId === agentId);

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
    admin = new BusAdmin(kafka);
    producer = await connectedProducer(kafka);
    store = new RedisTimerStore(redis, new StoreKeys(prefix));
    await enrolTestAgents(redis, new StoreKeys(prefix), agentKeys.values());
    const agents = ['021', '022', '023', ...GOOD];
    await admin.ensureTopics([topics.timers, topics.audit, topics.exec(BAD), ...agents.map((a) => topics.exec(a))].map((topic) => ({ topic })));
    recorder = await new TopicRecorder(kafka, [topics.audit, ...agents.map((a) => topics.exec(a))]).start();
    app = await NestFactory.createApplicationContext(AppModule.forRoot(loadSchedulerEnv(env)), { logger: false });
    await app.get(TimerRequestConsumer).joined;
  });
  afterAll(async () => {
    await app?.close();
    await recorder?.stop();
    await producer?.disconnect();
    await admin?.deleteTopics([topics.exec(BAD)]).catch(() => undefined);
    if (redis) {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  });

  it("a deleted agent topic never stops other agents' unblocks: that agent is parked, audited, and retried", async () => {
    // The scheduler has published to the bad agent's topic once (it knows the topic), then the topic is deleted.
    const warmup = aSchedule(BAD, '10.11.0.1');
    await send([warmup]);
    await waitFor(() => audits('timer.fired', BAD).length > 0, { message: 'warm-up delete on the bad agent topic' });
    await admin.deleteTopics([topics.exec(BAD)]);
    await waitFor(async () => !(await admin.listTopics()).includes(topics.exec(BAD)), { message: 'topic deleted' });

    const addedAt = Date.now();
    const bad = Array.from({ length: 5 }, (_, i) => aSchedule(BAD, `10.11.1.${i}`, { addedAt }));
    const good = GOOD.flatMap((a) => Array.from({ length: 20 }, (_, i) => aSchedule(a, `10.12.1.${i}`, { addedAt })));
    // All due at the same millisecond, so every claim mixes the bad agent with the good ones.
    await send([...bad, ...good]);

    for (const a of GOOD) {
      await waitFor(() => deletesFor(a).length >= 20, { timeoutMs: 15_000, message: `20 deletes for ${a} while ${BAD} is refused` });
      expect(new Set(deletesFor(a).map((m) => m.headers[ExecCommandV1.EXEC_HEADER.rkey]))).toEqual(new Set(good.filter((s) => s.agentId === a).map((s) => s.rkey)));
    }
    const [parked] = await waitFor(() => (audits('timer.parked', BAD).length > 0 ? audits('timer.parked', BAD) : undefined), { message: 'timer.parked audit' });
    expect(parked).toMatchObject({ reason: expect.stringMatching(/^unknown-topic: /), detail: { count: 5, attempt: 1, topic: topics.exec(BAD) } });
    expect((parked.detail.rkeys as string[]).sort()).toEqual(bad.map((s) => s.rkey).sort());
    expect(audits('timer.parked', GOOD[0])).toEqual([]);
    // Never lost: the retry looks the topic up again, re-creates it, and the deletes go out.
    await waitFor(async () => (await store.list({ agentId: BAD }, Date.now())).length === 0, { timeoutMs: 30_000, message: `${BAD}'s parked timers delivered on retry` });
  });

  it('a Redis flush loses no block: the next re-announcement restores the timer and it fires', async () => {
    const s = aSchedule('021', '10.21.0.1', { timeoutSeconds: 3 });
    await send([s]);
    await waitFor(() => store.get('021', s.rkey), { message: 'timer stored' });
    await deleteKeys(redis, prefix);
    expect(await store.get('021', s.rkey)).toBeNull();
    // The enrolled keys went too: an admin's configuration, restored as after any loss of Redis (the timers are not).
    await enrolTestAgents(redis, new StoreKeys(prefix), agentKeys.values());
    await send([{ ...s, reconcile: true }]);
    const [del] = await waitFor(() => (deletesFor('021').length > 0 ? deletesFor('021') : undefined), { message: 'delete after the re-announcement' });
    expect(del.headers[ExecCommandV1.EXEC_HEADER.generation]).toBe(String(s.addedAt));
    expect(Number(del.headers[HEADER.issuedAt])).toBeGreaterThanOrEqual(s.addedAt + 3000);
  });

  it('a lost delete (fired, yet the agent still reports the key active) is fired again, at once', async () => {
    const s = aSchedule('022', '10.22.0.1');
    await send([s]);
    await waitFor(() => deletesFor('022').length === 1, { message: 'first delete' });
    await waitFor(async () => (await store.get('022', s.rkey)) === null, { message: 'acked' });
    await send([{ ...s, reconcile: true }]);
    await waitFor(() => deletesFor('022').length === 2, { message: 'the delete fired again' });
    expect(deletesFor('022').map((m) => m.headers[ExecCommandV1.EXEC_HEADER.generation])).toEqual([String(s.addedAt), String(s.addedAt)]);
    expect(audits('timer.scheduled', '022').map((a) => a.detail.outcome)).toEqual(['created', 'refired']);
  });

  it("an agent clock an hour behind never makes the undo early: the due time counts from the scheduler's receipt", async () => {
    const sentAt = Date.now();
    const agentNow = sentAt - 3_600_000;
    const s = aSchedule('023', '10.23.0.1', { addedAt: agentNow - 1000, timeoutSeconds: 600 });
    await send([s], agentNow);
    const [scheduled] = await waitFor(() => (audits('timer.scheduled', '023').length > 0 ? audits('timer.scheduled', '023') : undefined), { message: 'scheduled' });
    expect(scheduled.detail.clock).toBe('clamped-past');
    const [view] = await store.list({ agentId: '023' }, Date.now());
    expect(view.expires).toBeGreaterThanOrEqual(sentAt + 599_001);
    expect(view.started).toBe(s.addedAt);
    expect(deletesFor('023')).toEqual([]);
  });
});
