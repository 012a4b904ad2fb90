import { BusAdmin, type IncomingMessage } from '@riposte/bus';
import { HEADER, toHeaders } from '@riposte/contracts';
import { anAlert, TopicRecorder, waitFor } from '@riposte/testing';
import { anEnvelope, MatcherWorld } from '../testing/matcher.harness';
import { RESPONSES, serverConf } from '../testing/ossec-confs';

/**
 * Poison input written straight to the alerts topic (a producer that skipped alert-ingest): each bound alert is
 * dead-lettered with the limit it breaks, and the good alerts behind it on the same partition still fire.
 */
describe('matcher: poison alerts on the alerts topic', () => {
  const world = new MatcherWorld(serverConf(RESPONSES), ['000', '001', '002', '004']);
  let rec: TopicRecorder;

  beforeAll(async () => {
    await world.connect();
    await world.start();
    await new BusAdmin(world.kafka).ensureTopics([{ topic: world.topics.exec('001') }]);
    rec = await new TopicRecorder(world.kafka, [world.topics.dlq(world.topics.alerts), world.topics.exec('001')]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await world.close();
  });

  const commandFor = (srcip: string): IncomingMessage | undefined =>
    rec.on(world.topics.exec('001')).find((m) => (JSON.parse(m.value!.toString()) as { parameters: { alert: { data?: { srcip?: string } } } }).parameters.alert.data?.srcip === srcip);

  /** A firewall-drop alert of agent 001 (rule 5712) whose text is `edit`ed. */
  const alertText = (srcip: string, edit: (json: string) => string = (j) => j) => edit(JSON.stringify(anAlert({ agentId: '001', srcip })));

  it('dead-letters a 5,000-deep, a too-wide and a non-UTF-8 alert with the limit, and the alerts after them fire', async () => {
    const t = world.topics;
    const deep = alertText('192.0.2.1', (j) => j.replace('"data":{', `"data":{"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},`));
    const wide = alertText('192.0.2.2', (j) => j.replace('"data":{', `"data":{"wide":[${Array.from({ length: 6000 }, () => '0').join(',')}],`));
    // An overlong encoding of '/' inside a string of data: Buffer#toString would make it U+FFFD and accept it.
    const [head, tail] = alertText('192.0.2.3').split('"data":{');
    const notUtf8 = Buffer.concat([Buffer.from(`${head}"data":{"x":"`), Buffer.from([0xc0, 0xaf]), Buffer.from(`",${tail}`)]);
    const good = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
    const headers = () => toHeaders(anEnvelope());
    await world.producer.send([
      { topic: t.alerts, key: '001', value: deep, headers: headers() },
      { topic: t.alerts, key: '001', value: alertText(good[0]), headers: headers() },
      { topic: t.alerts, key: '001', value: wide, headers: headers() },
      { topic: t.alerts, key: '001', value: notUtf8, headers: headers() },
      { topic: t.alerts, key: '001', value: alertText(good[1]), headers: headers() },
      { topic: t.alerts, key: '001', value: alertText(good[2]), headers: headers() },
    ]);
    await waitFor(() => good.every(commandFor), { timeoutMs: 30000, message: 'the good alerts after the poison fired' });
    const dead = await rec.waitForCount(3, t.dlq(t.alerts));
    expect(dead.map((m) => m.headers[HEADER.reason])).toEqual([
      'invalid alert: nested deeper than MAX_ALERT_DEPTH (100) levels',
      'invalid alert: more than MAX_ALERT_KEYS (5000) keys and array elements',
      'invalid alert: invalid UTF-8',
    ]);
    expect(['192.0.2.1', '192.0.2.2', '192.0.2.3'].map(commandFor)).toEqual([undefined, undefined, undefined]);
  });

  it('dead-letters an alert with a __proto__ root and one over MAX_ALERT_BYTES, and the alert after them fires', async () => {
    const t = world.topics;
    const proto = `{"__proto__":{"x":1},${alertText('192.0.2.4').slice(1)}`;
    const big = JSON.stringify({ ...anAlert({ agentId: '001', srcip: '192.0.2.5' }), full_log: 'x'.repeat(70 * 1024) });
    const after = '198.51.100.4';
    const before = rec.on(t.dlq(t.alerts)).length;
    await world.producer.send([proto, big, alertText(after)].map((value) => ({ topic: t.alerts, key: '001', value, headers: toHeaders(anEnvelope()) })));
    await waitFor(() => commandFor(after), { timeoutMs: 30000, message: 'the alert after them fired' });
    const dead = (await rec.waitForCount(before + 2, t.dlq(t.alerts))).slice(before);
    expect(dead.map((m) => m.headers[HEADER.reason])).toEqual(["invalid alert: forbidden key '__proto__' at the root", `invalid alert: ${Buffer.byteLength(big)} bytes, over MAX_ALERT_BYTES (65536)`]);
    expect([commandFor('192.0.2.4'), commandFor('192.0.2.5')]).toEqual([undefined, undefined]);
  });

  it('an agent topic deleted after the matcher created it dead-letters the alert, and the next alert recreates it and fires', async () => {
    const t = world.topics;
    const admin = new BusAdmin(world.kafka);
    const send = (srcip: string) => world.producer.send([{ topic: t.alerts, key: '004', value: JSON.stringify(anAlert({ agentId: '004', srcip })), headers: toHeaders(anEnvelope()) }]);
    const commandsOn004 = async () => {
      const offsets = await world.kafka.admin();
      await offsets.connect();
      try {
        return (await offsets.fetchTopicOffsets(t.exec('004'))).reduce((n, p) => n + Number(p.high), 0);
      } finally {
        await offsets.disconnect();
      }
    };
    await send('203.0.113.41');
    await waitFor(async () => (await admin.listTopics()).includes(t.exec('004')) && (await commandsOn004()) === 1, { timeoutMs: 30000, message: 'the first command on the new topic' });
    await admin.deleteTopics([t.exec('004')]);
    await waitFor(async () => !(await admin.listTopics()).includes(t.exec('004')), { timeoutMs: 30000, message: 'topic deleted' });

    const before = rec.on(t.dlq(t.alerts)).length;
    await send('203.0.113.42');
    const [dead] = (await rec.waitForCount(before + 1, t.dlq(t.alerts), 90000)).slice(before);
    expect(dead.headers[HEADER.reason]).toBe(`cannot publish to ${t.exec('004')}: UNKNOWN_TOPIC_OR_PARTITION (permanent)`);
    await send('203.0.113.43');
    await waitFor(async () => (await admin.listTopics()).includes(t.exec('004')) && (await commandsOn004()) >= 1, { timeoutMs: 60000, message: 'the topic recreated and the next command on it' });
  }, 180000);
});
