import { logLevel, type Consumer, type Kafka, type logCreator, type Producer } from 'kafkajs';
import { topicsFor } from '@riposte/contracts';
import { startSecureKafka, uniqueName, waitFor, type SecureKafka } from '@riposte/testing';
import { BusAdmin } from './bus-admin';

/** The Kafka error names a kafkajs call failed with (kafkajs wraps them in one or two layers); [] if it succeeded. */
async function failureOf(call: Promise<unknown>): Promise<string[]> {
  try {
    await call;
    return [];
  } catch (e) {
    const types = new Set<string>();
    const walk = (x: unknown, depth: number): void => {
      if (!x || typeof x !== 'object' || depth > 4) return;
      const o = x as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
      if (typeof o.type === 'string') types.add(o.type);
      walk(o.cause, depth + 1);
      walk(o.originalError, depth + 1);
      if (Array.isArray(o.errors)) for (const inner of o.errors) walk(inner, depth + 1);
    };
    walk(e, 0);
    return types.size ? [...types] : [`untyped: ${(e as Error).message}`];
  }
}

/**
 * deploy/kafka-acls.sh on the real secure broker (SASL/SCRAM, StandardAuthorizer): what each role's principal may
 * and may not do, proved with kafkajs clients built by libs/bus. The broker is started here unless it runs already.
 */
describe('Kafka ACLs per role (deploy/kafka-acls.sh on the secure broker)', () => {
  const ns = uniqueName('acl');
  const t = topicsFor(ns);
  let broker: SecureKafka;
  const open: Array<Consumer | Producer | ReturnType<Kafka['admin']>> = [];

  const producerAs = async (user: string): Promise<Producer> => {
    // The same producer settings as BusProducer, so the idempotent InitProducerId is authorized too.
    const p = broker.kafkaAs(user).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    open.push(p);
    await p.connect();
    return p;
  };
  const adminAs = async (user: string, kafka = broker.kafkaAs(user)) => {
    const a = kafka.admin();
    open.push(a);
    await a.connect();
    return a;
  };
  const consumerAs = (user: string, groupId: string, kafka = broker.kafkaAs(user)): Consumer => {
    const c = kafka.consumer({ groupId, sessionTimeout: 6000, rebalanceTimeout: 5000, heartbeatInterval: 300, maxWaitTimeInMs: 50, retry: { retries: 0 } });
    open.push(c);
    return c;
  };
  /** Reads `topic` from the beginning in `groupId` until a message with `value` arrives. */
  const readAs = async (user: string, groupId: string, topic: string, value: string): Promise<void> => {
    const seen: string[] = [];
    const c = consumerAs(user, groupId);
    await c.connect();
    await c.subscribe({ topics: [topic], fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.includes(value), { timeoutMs: 20000, message: `${user} did not read '${value}' from ${topic} in ${groupId}` });
    await c.disconnect();
  };

  beforeAll(async () => {
    broker = await startSecureKafka();
    await broker.applyAcls(ns, ['001', '002']);
    // Only admin creates topics: the namespace's and each agent's command topic are provisioned up front.
    await new BusAdmin(broker.kafkaAs('admin')).ensureTopics(
      [t.rawAlerts, t.alerts, t.agents, t.timers, t.audit, t.exec('001'), t.exec('002')].map((topic) => ({ topic })),
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((c) => c.disconnect()));
    await broker?.stop();
  }, 60_000);

  it('agent 001 cannot read agent 002 command topic', async () => {
    const c = consumerAs('agent-001', `${ns}.executor.001`);
    await c.connect();
    expect(await failureOf(c.subscribe({ topics: [t.exec('002')], fromBeginning: true }))).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
    const admin = await adminAs('agent-001');
    expect(await failureOf(admin.fetchTopicOffsets(t.exec('002')))).toContain('TOPIC_AUTHORIZATION_FAILED');
  });

  it('agent 001 cannot write any command topic, its own included', async () => {
    const p = await producerAs('agent-001');
    for (const topic of [t.exec('001'), t.exec('002'), t.exec('003')]) {
      expect(await failureOf(p.send({ acks: -1, topic, messages: [{ value: 'forged command' }] }))).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
    }
  });

  it('agent 001 cannot create topics, and neither can an issuer: only admin does', async () => {
    const agentAdmin = await adminAs('agent-001');
    const matcherAdmin = await adminAs('matcher');
    const wanted = [t.exec('003'), `${ns}.made-up`];
    expect(await failureOf(agentAdmin.createTopics({ topics: wanted.map((topic) => ({ topic })) }))).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
    expect(await failureOf(matcherAdmin.createTopics({ topics: [{ topic: t.exec('003') }] }))).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
    const existing = await new BusAdmin(broker.kafkaAs('admin')).listTopics();
    expect(existing.filter((x) => wanted.includes(x))).toEqual([]);
  });

  it('agent 001 cannot join agent 002 consumer group', async () => {
    // kafkajs reports a refused FindCoordinator only as "group coordinator not found"; the broker's own answer is in
    // its debug log, captured here.
    const refusals: string[] = [];
    const capture: logCreator = () => ({ log }) => {
      const type = (log.error as { type?: unknown } | undefined)?.type;
      if (typeof type === 'string') refusals.push(type);
    };
    const admin = await adminAs('agent-001', broker.kafkaAs('agent-001', { logLevel: logLevel.DEBUG, logCreator: capture }));
    const failure = await failureOf(admin.fetchOffsets({ groupId: `${ns}.executor.002`, topics: [t.exec('001')] }));
    expect(failure.length).toBeGreaterThan(0);
    expect(refusals).toContain('GROUP_AUTHORIZATION_FAILED');
  });

  it('agent 001 reads its own command topic in its own group, and writes heartbeats, timers and audit', async () => {
    const matcher = await producerAs('matcher');
    await matcher.send({ acks: -1, topic: t.exec('001'), messages: [{ key: '001', value: 'command for 001' }] });
    await readAs('agent-001', `${ns}.executor.001`, t.exec('001'), 'command for 001');

    const agent = await producerAs('agent-001');
    for (const topic of [t.agents, t.timers, t.audit]) {
      expect(await failureOf(agent.send({ acks: -1, topic, messages: [{ key: '001', value: `from 001 to ${topic}` }] }))).toEqual([]);
    }
    const admin = await adminAs('admin');
    for (const topic of [t.agents, t.timers, t.audit]) {
      expect(Number((await admin.fetchTopicOffsets(topic))[0].high)).toBeGreaterThan(0);
    }
  });

  it('the matcher writes every agent command topic and reads alerts in its group', async () => {
    const matcher = await producerAs('matcher');
    for (const id of ['001', '002']) {
      expect(await failureOf(matcher.send({ acks: -1, topic: t.exec(id), messages: [{ key: id, value: `command for ${id}` }] }))).toEqual([]);
    }
    const ingest = await producerAs('alert-ingest');
    await ingest.send({ acks: -1, topic: t.alerts, messages: [{ key: '001', value: 'an alert' }] });
    await readAs('matcher', `${ns}.matcher`, t.alerts, 'an alert');
  });
});
