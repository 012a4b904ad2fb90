import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { createEnvelope, ExecCommandV1, HEADER, topicsFor, withEnvelope, type Schedule } from '@riposte/contracts';
import { RedisTimerStore, StoreKeys } from '@riposte/store';
import { agentSigned, connectedProducer, deleteKeys, enrolTestAgents, testAgentKey, testAgentKeys, kafkaBrokers, redisUrl, requireKafka, requireRedis, settle, testIssuer, TopicRecorder, uniqueName, verifyAsExecutor, waitFor } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadSchedulerEnv } from '../env';
import { TimerRequestConsumer } from './timer-request.consumer';
import { aScheduleFor } from '@riposte/contracts/src/testing/timer-schedule';

const namespace = uniqueName('sched-http');
const prefix = uniqueName('sched-http');
const issuer = testIssuer();
Object.assign(process.env, { KAFKA_BROKERS: kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: namespace, RIPOSTE_REDIS_PREFIX: prefix, SCHEDULER_TICK_MS: '50', ...issuer.issuerEnv });
const topics = topicsFor(namespace);
/** The enrolled agents of this file, each with its own key. */
const agentKeys = testAgentKeys(['001', '002', '005', '006', '008']);
const key = (agentId: string) => agentKeys.get(agentId)!;

const aSchedule = (agentId: string, key: string): Schedule => aScheduleFor(agentId, key, { addedAt: Date.now() });

/** The message with one byte of its (signed) value changed, still valid JSON: the first digit of the srcip key. */
function oneByteChanged<M extends { value: unknown }>(m: M): M {
  const value = Buffer.from(m.value as Buffer);
  value[value.indexOf('10.0.')] ^= 0x01;
  return { ...m, value };
}

interface Audit {
  type: string;
  agentId?: string;
  rkey?: string;
  actor?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

describe('scheduler: requests, dead letters, no operator HTTP API', () => {
  let kafka: Kafka;
  let redis: Redis;
  let producer: BusProducer;
  let recorder: TopicRecorder;
  let app: INestApplication;
  let base: string;
  let store: RedisTimerStore;

  const request = (body: Schedule, traceId = uniqueName('trace'), o: { now?: number } = {}) =>
    withEnvelope(topics.timers, body.agentId, body, createEnvelope({ now: o.now ?? Date.now(), type: `timer.${body.type}`, traceId }));
  /** Sends a timer request signed by its own agent, as that agent's executor does. */
  const send = (body: Schedule, traceId = uniqueName('trace')) => producer.send([agentSigned(request(body, traceId), key(body.agentId))]);
  const audit = (type: string, agentId: string) => waitFor(() => recorder.json<Audit>(topics.audit).find((a) => a.type === type && a.agentId === agentId), { message: `${type} audit for ${agentId}` });
  const timers = async (agentId: string) => {
    const items = await store.list({ agentId }, Date.now());
    return { total: items.length, items };
  };

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
    store = new RedisTimerStore(redis, new StoreKeys(prefix));
    await enrolTestAgents(redis, new StoreKeys(prefix), agentKeys.values());
    producer = await connectedProducer(kafka);
    await new BusAdmin(kafka).ensureTopics([topics.timers, topics.dlq(topics.timers), topics.audit, topics.exec('006'), topics.exec('008')].map((topic) => ({ topic })));
    recorder = await new TopicRecorder(kafka, [topics.audit, topics.dlq(topics.timers), topics.exec('006'), topics.exec('008')]).start();
    app = await NestFactory.create(AppModule.forRoot(loadSchedulerEnv(process.env)), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await app.get(TimerRequestConsumer).joined;
  });
  afterAll(async () => {
    await app?.close();
    await recorder?.stop();
    await producer?.disconnect();
    if (redis) {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    }
  });

  it('sends a malformed timer request to the dead-letter topic with the reason', async () => {
    await producer.send([
      { topic: topics.timers, key: '001', value: 'not json' },
      { topic: topics.timers, key: '001', value: JSON.stringify({ type: 'schedule', agentId: '001' }) },
    ]);
    const dead = await recorder.waitForCount(2, topics.dlq(topics.timers));
    expect(dead[0].value!.toString()).toBe('not json');
    expect(dead[0].headers[HEADER.reason]).toMatch(/invalid timer request: not JSON/);
    expect(dead[1].headers[HEADER.reason]).toMatch(/invalid timer request: .*rkey/);
    expect(dead[1].headers[HEADER.sourceTopic]).toBe(topics.timers);
  });

  describe('when a timer request is not signed by the key enrolled for its agent (issue 10)', () => {
    /** Sends `m` and returns its `timer.rejected` audit (found by the message id), once its dead-letter copy is out too. */
    async function refusedAudit(m: ReturnType<typeof request>): Promise<Audit> {
      const messageId = m.headers![HEADER.messageId];
      await producer.send([m]);
      await waitFor(() => recorder.on(topics.dlq(topics.timers)).find((d) => d.headers[HEADER.messageId] === messageId), { message: `dead letter of ${messageId}` });
      return waitFor(() => recorder.json<Audit>(topics.audit).find((a) => a.type === 'timer.rejected' && a.detail?.messageId === messageId), { message: `timer.rejected of ${messageId}` });
    }

    it("refuses agent 002's key scheduling a timer for agent 001: no timer, one timer.rejected (wrong-agent), a dead letter", async () => {
      const forged = aSchedule('001', '10.0.1.1');
      const audit = await refusedAudit(agentSigned(request(forged), key('002'), '002'));
      expect(audit).toMatchObject({ type: 'timer.rejected', agentId: '001', reason: 'wrong-agent' });
      expect(audit.detail).toMatchObject({ keyId: key('002').keyId, signedAgent: '002' });
      expect((await timers('001')).items.map((t) => t.rkey)).not.toContain(forged.rkey);
    });

    it("refuses agent 002's key claiming to be agent 001 (the key is enrolled for 002)", async () => {
      const forged = aSchedule('001', '10.0.1.2');
      expect(await refusedAudit(agentSigned(request(forged), key('002'), '001'))).toMatchObject({ agentId: '001', reason: 'wrong-agent' });
      expect((await timers('001')).items.map((t) => t.rkey)).not.toContain(forged.rkey);
    });

    it.each([
      ['unsigned', 'unsigned', (m: ReturnType<typeof request>) => m],
      ['signed by a key nobody enrolled', 'unknown-key', (m: ReturnType<typeof request>) => agentSigned(m, testAgentKey('001'))],
      ['tampered after signing', 'bad-signature', (m: ReturnType<typeof request>) => oneByteChanged(agentSigned(m, key('001')))],
    ])('refuses a request %s (%s)', async (_, expected, make) => {
      const body = aSchedule('001', `10.0.2.${Math.floor(Math.random() * 250)}`);
      const audit = await refusedAudit(make(request(body)));
      expect(audit).toMatchObject({ agentId: '001', reason: expected });
      expect((await timers('001')).items.map((t) => t.rkey)).not.toContain(body.rkey);
    });

    it('accepts the same request signed by 001 itself', async () => {
      const own = aSchedule('001', '10.0.1.3');
      await send(own);
      expect(await audit('timer.scheduled', '001')).toMatchObject({ rkey: own.rkey });
      expect((await timers('001')).items.map((t) => t.rkey)).toContain(own.rkey);
    });
  });

  it('drops a cancel (removed from the contract: nothing produces it) to the dead-letter topic, the timer stays', async () => {
    const s = aSchedule('005', '10.0.0.5');
    await send(s, 'trace-5');
    await audit('timer.scheduled', '005');
    const cancel = { ...request(s), value: { type: 'cancel', agentId: '005', rkey: s.rkey, actor: 'mallory' } };
    await producer.send([agentSigned(cancel, key('005'))]);
    await waitFor(() => recorder.on(topics.dlq(topics.timers)).find((d) => d.value!.toString().includes('"cancel"')), { message: 'the cancel dead-lettered' });
    expect((await timers('005')).items.map((t) => t.rkey)).toEqual([s.rkey]);
  });

  it('has no operator routes any more: the control API is the one manual-unblock path', async () => {
    const s = aSchedule('006', '10.0.0.6');
    await send(s, 'trace-6');
    await audit('timer.scheduled', '006');
    expect((await fetch(`${base}/timers?agent=006`)).status).toBe(404);
    const fire = await fetch(`${base}/timers/006/${encodeURIComponent(s.rkey)}/fire`, { method: 'POST', headers: { 'x-riposte-actor': 'mallory' } });
    expect(fire.status).toBe(404);
    await settle(500);
    expect(recorder.on(topics.exec('006'))).toEqual([]);
    expect((await timers('006')).items.map((t) => t.rkey)).toEqual([s.rkey]);
  });

  it('never fires a timer the control API lifted (claimed, published, acked), even once it is due', async () => {
    const lifted = { ...aSchedule('008', '10.0.0.8'), timeoutSeconds: 1 };
    // Due just after the lifted one: once its delete is out, the lifted one would have been fired before it.
    const witness = { ...aSchedule('008', '10.0.0.9'), timeoutSeconds: 1, addedAt: lifted.addedAt + 50 };
    await send(lifted);
    await audit('timer.scheduled', '008');
    // What UnblockService does: the claim keeps the firing loop off it, the ack removes it and retires its generation.
    const claim = await store.claim('008', lifted.rkey, Date.now(), 30_000);
    expect(claim.status).toBe('claimed');
    if (claim.status === 'claimed') await store.ack([claim.timer], Date.now());
    await send(witness);
    const [del] = await recorder.waitForCount(1, topics.exec('008'));
    expect(del.headers[ExecCommandV1.EXEC_HEADER.rkey]).toBe(witness.rkey);
    expect(verifyAsExecutor(del, issuer, '008')).toMatchObject({ ok: true, type: ExecCommandV1.TYPE_DELETE, generation: witness.addedAt });
    await settle(500);
    expect(recorder.on(topics.exec('008')).map((m) => m.headers[ExecCommandV1.EXEC_HEADER.rkey])).toEqual([witness.rkey]);
    expect(await timers('008')).toEqual({ total: 0, items: [] });
  });

  it('answers health and metrics', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', tls: false, redis: { ok: true }, kafka: { ok: true, brokers: expect.any(Number) } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('riposte_scheduler_timers_fired_total');
    expect(metrics).toContain('riposte_scheduler_timers_active');
    expect(metrics).toContain('riposte_scheduler_fire_lateness_seconds_bucket');
  });
});
