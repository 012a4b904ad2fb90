import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { createEnvelope, ExecCommandV1, HEADER, topicsFor, withEnvelope, type Schedule } from '@riposte/contracts';
import { RedisTimerStore, StoreKeys } from '@riposte/store';
import { agentSigned, connectedProducer, deleteKeys, enrolTestAgents, testAgentKeys, kafkaBrokers, redisUrl, requireKafka, requireRedis, settle, testIssuer, TopicRecorder, uniqueName, verifyAsExecutor, waitFor, withOneByteChanged } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadSchedulerEnv } from '../env';
import { TimerRequestConsumer } from './timer-request.consumer';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const namespace = uniqueName('sched');
const prefix = uniqueName('sched');
const issuer = testIssuer();
Object.assign(process.env, { KAFKA_BROKERS: kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: namespace, RIPOSTE_REDIS_PREFIX: prefix, SCHEDULER_TICK_MS: '50', SCHEDULER_BATCH: '5', ...issuer.issuerEnv });
const topics = topicsFor(namespace);
const AGENTS = ['001', '002', '003', '004'];
/** Each agent's own key, enrolled before the scheduler starts: it accepts only timer requests its agent signed. */
const agentKeys = testAgentKeys(AGENTS);

const aSchedule = (agentId: string, key: string, o: Partial<Schedule> = {}): Schedule => aScheduleFor(agentId, key, { addedAt: Date.now(), timeoutSeconds: 1, ...o });
const dueOf = (s: Schedule) => s.addedAt + s.timeoutSeconds * 1000 + 1;

describe('scheduler: timers fire their delete on the agent topic (spec §3.3, deviation b)', () => {
  let kafka: Kafka;
  let redis: Redis;
  let producer: BusProducer;
  let recorder: TopicRecorder;
  let store: RedisTimerStore;
  const apps: INestApplicationContext[] = [];

  async function boot(): Promise<INestApplicationContext> {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadSchedulerEnv(process.env)), { logger: false });
    apps.push(app);
    await app.get(TimerRequestConsumer).joined;
    return app;
  }
  async function close(app: INestApplicationContext): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }
  const send = (schedules: Schedule[], traceId = uniqueName('trace')) =>
    producer.send(schedules.map((s) => agentSigned(withEnvelope(topics.timers, s.agentId, s, createEnvelope({ now: Date.now(), type: 'timer.schedule', traceId })), agentKeys.get(s.agentId)!)));
  const deletesFor = (agentId: string) => recorder.on(topics.exec(agentId));
  const audits = (type: string) => recorder.json<{ type: string; agentId: string; rkey: string; actor?: string; detail: Record<string, unknown> }>(topics.audit).filter((a) => a.type === type);

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
    producer = await connectedProducer(kafka);
    store = new RedisTimerStore(redis, new StoreKeys(prefix));
    await enrolTestAgents(redis, new StoreKeys(prefix), agentKeys.values());
    await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, ...AGENTS.map((a) => topics.exec(a))].map((topic) => ({ topic })));
    recorder = await new TopicRecorder(kafka, [topics.audit, ...AGENTS.map((a) => topics.exec(a))]).start();
    await boot();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await recorder?.stop();
    await producer?.disconnect();
    if (redis) {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  });

  it('publishes the stored delete after the timeout, never before, with a new envelope of the same trace and the exec headers', async () => {
    const legacyArgs = ['delete', '-', '10.0.0.7', 'alert-10.0.0.7', '5712', 'sshd', '-'];
    const s = aSchedule('001', '10.0.0.7', { legacyArgs });
    await send([s], 'trace-first');

    const [del] = await waitFor(() => (deletesFor('001').length > 0 ? deletesFor('001') : undefined), { timeoutMs: 15000, message: 'delete on exec topic' });
    expect(JSON.parse(del.value!.toString())).toEqual(s.deleteMessage);
    expect(del.key).toBe('001');
    const h = del.headers;
    expect(h[HEADER.traceId]).toBe('trace-first');
    expect(h[HEADER.type]).toBe(ExecCommandV1.TYPE_DELETE);
    expect(h[HEADER.expiresAt]).toBeUndefined();
    expect(Number(h[HEADER.issuedAt])).toBeGreaterThanOrEqual(dueOf(s));
    expect(del.timestamp).toBeGreaterThanOrEqual(dueOf(s));
    expect(h[ExecCommandV1.EXEC_HEADER.rkey]).toBe(s.rkey);
    expect(h[ExecCommandV1.EXEC_HEADER.generation]).toBe(String(s.addedAt));
    expect(JSON.parse(h[ExecCommandV1.EXEC_HEADER.legacyArgs])).toEqual(legacyArgs);
    // Signed over the bytes read off the topic, for agent 001 only, bound to the generation of the add.
    expect(verifyAsExecutor(del, issuer, '001')).toMatchObject({ ok: true, keyId: issuer.keyId, type: ExecCommandV1.TYPE_DELETE, generation: s.addedAt });
    expect(verifyAsExecutor(del, issuer, '002')).toMatchObject({ ok: false, reason: 'wrong-agent' });
    expect(verifyAsExecutor(withOneByteChanged(del, 10), issuer, '001')).toMatchObject({ ok: false, reason: 'bad-signature' });

    const fired = await waitFor(() => audits('timer.fired').find((a) => a.agentId === '001'));
    expect(fired).toMatchObject({ rkey: s.rkey, detail: { generation: s.addedAt, dueAt: dueOf(s) } });
    expect(audits('timer.scheduled').find((a) => a.agentId === '001')).toMatchObject({ rkey: s.rkey, detail: { outcome: 'created' } });
    await waitFor(async () => (await store.get('001', s.rkey)) === null, { message: 'timer acked' });
  });

  it('a re-schedule of the same rkey before the timeout (abort path) pushes the delete out: one delete, of the newer generation', async () => {
    // Both added before they are sent, as an executor does: an addedAt after the request's issued-at is taken as the
    // issued-at (admitDueAt), which would move the due time 1 ms earlier than this spec's dueOf.
    const first = aSchedule('002', '10.0.0.8', { addedAt: Date.now() - 1 });
    const again = aSchedule('002', '10.0.0.8', { addedAt: first.addedAt + 1, timeoutSeconds: 2 });
    await send([first, again]);

    const [del] = await waitFor(() => (deletesFor('002').length > 0 ? deletesFor('002') : undefined), { timeoutMs: 15000 });
    expect(del.headers[ExecCommandV1.EXEC_HEADER.generation]).toBe(String(again.addedAt));
    expect(Number(del.headers[HEADER.issuedAt])).toBeGreaterThanOrEqual(dueOf(again));
    await settle(1000);
    expect(deletesFor('002')).toHaveLength(1);
  });

  it('keeps its timers across a restart: the next instance fires them', async () => {
    const s = aSchedule('003', '10.0.0.9', { timeoutSeconds: 4 });
    await send([s]);
    await waitFor(() => store.get('003', s.rkey), { message: 'timer stored' });
    await close(apps[0]);
    expect(deletesFor('003')).toEqual([]);
    expect((await store.get('003', s.rkey))?.schedule.addedAt).toBe(s.addedAt);

    await boot();
    const [del] = await waitFor(() => (deletesFor('003').length > 0 ? deletesFor('003') : undefined), { timeoutMs: 20000 });
    expect(del.headers[ExecCommandV1.EXEC_HEADER.generation]).toBe(String(s.addedAt));
    expect(Number(del.headers[HEADER.issuedAt])).toBeGreaterThanOrEqual(dueOf(s));
  });

  it('two instances at once never fire one timer twice', async () => {
    await boot();
    expect(apps).toHaveLength(2);
    const schedules = Array.from({ length: 60 }, (_, i) => aSchedule('004', `10.4.0.${i}`));
    await send(schedules);

    await waitFor(() => deletesFor('004').length >= 60, { timeoutMs: 20000, message: '60 deletes' });
    await settle(1500);
    const rkeys = deletesFor('004').map((m) => m.headers[ExecCommandV1.EXEC_HEADER.rkey]);
    expect(rkeys).toHaveLength(60);
    expect(new Set(rkeys)).toEqual(new Set(schedules.map((s) => s.rkey)));
    expect(await store.list({ agentId: '004' }, Date.now())).toEqual([]);
  });
});
