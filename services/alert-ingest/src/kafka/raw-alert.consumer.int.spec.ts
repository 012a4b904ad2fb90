import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { BusAdmin, type BusProducer, type IncomingMessage } from '@riposte/bus';
import { AlertV1, HEADER, topicsFor } from '@riposte/contracts';
import { anAlert, connectedProducer, requireKafka, sshdBruteForceAlert, TopicRecorder, uniqueName } from '@riposte/testing';
import { startIngestApp, type IngestApp } from '../testing/start-ingest-app';

const TTL_MS = 120_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Filebeat's own fields around an event (what `output.kafka` ships). */
const beat = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  '@metadata': { beat: 'filebeat', type: '_doc', version: '7.10.2' },
  ecs: { version: '1.6.0' },
  host: { name: 'wazuh-manager' },
  log: { offset: 0, file: { path: '/var/ossec/logs/alerts/alerts.json' } },
  input: { type: 'log' },
};
const beatAgent = { type: 'filebeat', version: '7.10.2', hostname: 'wazuh-manager', ephemeral_id: 'e1' };

describe('alert-ingest: the raw alerts topic', () => {
  let kafka: Kafka;
  let producer: BusProducer;
  let ingest: IngestApp;
  let recorder: TopicRecorder;
  const started = Date.now();

  beforeAll(async () => {
    kafka = await requireKafka();
    producer = await connectedProducer(kafka);
    ingest = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: uniqueName('ingest'), RIPOSTE_REDIS_PREFIX: uniqueName('ingest'), ALERT_TTL_MS: String(TTL_MS), ALERTS_JSON_PATH: '' });
    recorder = await new TopicRecorder(kafka, [ingest.topics.alerts, ingest.topics.dlq(ingest.topics.rawAlerts)]).start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await ingest?.close();
    await producer?.disconnect();
  });

  it('publishes bare, Filebeat `message`, root-decoded and `json` alerts keyed by agent id with a fresh envelope, and dead-letters the bad ones in between', async () => {
    const plain = anAlert({ agentId: '001' });
    const inMessage = anAlert({ agentId: '002' });
    const atRoot = anAlert({ agentId: '003', agentName: 'web3' });
    const underJson = anAlert({ agentId: '004' });
    const bad: [string, RegExp][] = [
      ['{"rule": {"id": "5712", "level": 10}, "agent": ', /^not JSON \(/],
      [JSON.stringify({ ...anAlert(), rule: undefined }), /^invalid alert: rule: Required$/],
      [JSON.stringify({ ...anAlert(), rule: { id: '5712', level: 'high' } }), /^invalid alert: rule\.level: Expected number, received string$/],
      [JSON.stringify({ ...sshdBruteForceAlert(), full_log: 'x'.repeat(AlertV1.MAX_ALERT_BYTES) }), /^oversized: alert is \d+ bytes, over MAX_ALERT_BYTES \(65536\)$/],
      [JSON.stringify({ ...beat, agent: beatAgent, message: 'May 11 sshd[1]: Invalid user' }), /^filebeat message: not JSON/],
    ];
    const t = ingest.topics.rawAlerts;
    await producer.send([
      { topic: t, value: JSON.stringify(plain) },
      { topic: t, value: bad[0][0] },
      { topic: t, value: JSON.stringify({ ...beat, agent: { ...beatAgent, id: 'a-uuid' }, message: JSON.stringify(inMessage) }) },
      { topic: t, value: bad[1][0] },
      { topic: t, value: JSON.stringify({ ...beat, ...atRoot, agent: { ...beatAgent, ...atRoot.agent } }) },
      { topic: t, value: bad[2][0] },
      { topic: t, value: JSON.stringify({ ...beat, agent: beatAgent, json: underJson }) },
      { topic: t, value: bad[3][0] },
      { topic: t, value: bad[4][0] },
    ]);

    await recorder.waitForCount(4, ingest.topics.alerts);
    const dead = await recorder.waitForCount(bad.length, ingest.topics.dlq(t));

    const out = recorder.on(ingest.topics.alerts);
    expect(out.map((m) => m.key)).toEqual(['001', '002', '003', '004']);
    expect(out.map((m) => JSON.parse(m.value!.toString()))).toEqual([plain, inMessage, { ...atRoot, agent: { id: '003', name: 'web3' } }, underJson]);
    expect(out[0].value!.toString()).toBe(JSON.stringify(plain));
    for (const m of out) expectEnvelope(m);
    expect(new Set(out.map((m) => m.headers[HEADER.traceId])).size).toBe(4);

    expect(dead.map((m) => m.value!.toString())).toEqual(bad.map(([raw]) => raw));
    dead.forEach((m, i) => {
      expect(m.headers[HEADER.reason]).toMatch(bad[i][1]);
      expect(m.headers[HEADER.sourceTopic]).toBe(t);
    });
  });

  it('counts alerts in by input and outcome on GET /metrics', async () => {
    const text = await (await fetch(`${ingest.url}/metrics`)).text();
    expect(text).toMatch(/riposte_alert_ingest_alerts_total\{input="kafka",outcome="accepted"\} 4/);
    expect(text).toMatch(/riposte_alert_ingest_alerts_total\{input="kafka",outcome="rejected"\} 5/);
  });

  it('works through a backlog waiting before it started, larger than one broker batch', async () => {
    const ns = uniqueName('ingest');
    const topics = topicsFor(ns);
    await new BusAdmin(kafka).ensureTopics([{ topic: topics.rawAlerts }]);
    // Sent 100 at a time: one fetch then packs ~1 MiB of small record batches, and their output (plus envelope
    // headers) is over the broker's 1 MiB batch limit unless the sends are split.
    const alerts = Array.from({ length: 2000 }, (_v, i) => anAlert({ agentId: String(100 + (i % 50)), id: `backlog.${i}.${randomBytes(3).toString('hex')}` }));
    for (let i = 0; i < alerts.length; i += 100) await producer.send(alerts.slice(i, i + 100).map((a) => ({ topic: topics.rawAlerts, value: JSON.stringify(a) })));

    const late = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: ns, RIPOSTE_REDIS_PREFIX: ns, ALERTS_JSON_PATH: '' });
    const rec = await new TopicRecorder(kafka, [topics.alerts]).start();
    try {
      const out = await rec.waitForCount(alerts.length, topics.alerts, 60_000);
      expect(out.map((m) => JSON.parse(m.value!.toString()).id)).toEqual(alerts.map((a) => a.id));
      expect(out.map((m) => m.key)).toEqual(alerts.map((a) => a.agent.id));
    } finally {
      await rec.stop();
      await late.close();
    }
  }, 90_000);

  function expectEnvelope(m: IncomingMessage): void {
    const h = m.headers;
    expect(h[HEADER.type]).toBe('alert.ingested');
    expect(h[HEADER.messageId]).toMatch(UUID);
    expect(h[HEADER.traceId]).toMatch(UUID);
    const issuedAt = Number(h[HEADER.issuedAt]);
    expect(issuedAt).toBeGreaterThanOrEqual(started);
    expect(issuedAt).toBeLessThanOrEqual(Date.now());
    expect(Number(h[HEADER.expiresAt])).toBe(issuedAt + TTL_MS);
  }
});
