import { request } from 'node:http';
import type { Kafka } from 'kafkajs';
import { anAlert, bearer, requireKafka, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { startIngestApp, type IngestApp } from '../testing/start-ingest-app';
import { RequestGate } from './request-gate';

/** The limits of `POST /alerts`: items per request, requests at once, the bytes of the body; and never a 5xx. */
describe('alert-ingest: POST /alerts limits', () => {
  let kafka: Kafka;
  let ingest: IngestApp;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    kafka = await requireKafka();
    const ns = uniqueName('ingest-limits');
    ingest = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: ns, RIPOSTE_REDIS_PREFIX: ns, ALERTS_JSON_PATH: '', INGEST_MAX_ITEMS: '5', INGEST_MAX_CONCURRENT: '1', INGEST_RETRY_AFTER_S: '2' });
    recorder = await new TopicRecorder(kafka, [ingest.topics.alerts, ingest.topics.dlq(ingest.topics.alerts)]).start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await ingest?.close();
  });

  const post = async (body: string | Buffer) => {
    const res = await fetch(`${ingest.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer('ingest') }, body });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { message?: string; accepted?: number; rejected?: number } };
  };

  it('answers 413 naming INGEST_MAX_ITEMS for more items than that, and publishes none of them', async () => {
    const alerts = Array.from({ length: 6 }, () => anAlert({ agentId: '021' }));
    const res = await post(alerts.map((a) => JSON.stringify(a)).join('\n'));
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('6 items, over INGEST_MAX_ITEMS (5); send them in several requests');
    expect((await post(JSON.stringify(alerts.slice(0, 5)))).body).toMatchObject({ accepted: 5 });
    await waitFor(() => recorder.on(ingest.topics.alerts).length >= 5);
    const ids = new Set(alerts.map((a) => a.id));
    expect(recorder.on(ingest.topics.alerts).filter((m) => ids.has(JSON.parse(m.value!.toString()).id))).toHaveLength(5);
  });

  it('answers 429 with Retry-After beyond INGEST_MAX_CONCURRENT requests, and takes requests again once one ends', async () => {
    const alert = JSON.stringify(anAlert({ agentId: '022' }));
    // A request whose body is still coming holds the one slot.
    let firstStatus = 0;
    const first = request(`${ingest.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(alert)), ...bearer('ingest') } });
    const firstDone = new Promise<void>((resolve, reject) => {
      first.on('response', (res) => {
        firstStatus = res.statusCode ?? 0;
        res.resume().on('end', resolve);
      });
      first.on('error', reject);
    });
    first.write(alert.slice(0, 10));
    await waitFor(() => ingest.app.get(RequestGate).inFlight === 1, { message: 'the first request holds the slot' });
    const refused = await post(alert);
    expect(refused).toMatchObject({ status: 429, retryAfter: '2', body: { message: 'more than INGEST_MAX_CONCURRENT (1) requests at once; retry after 2 s' } });
    first.end(alert.slice(10));
    await firstDone;
    expect(firstStatus).toBe(200);
    await waitFor(() => ingest.app.get(RequestGate).inFlight === 0, { message: 'the slot is free again' });
    expect((await post(alert)).status).toBe(200);
  }, 60000);

  it('answers 400 for a body that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(JSON.stringify(anAlert({ agentId: '023' })).slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(await post(bytes)).toMatchObject({ status: 400, body: { message: 'body is not valid UTF-8' } });
  });

  it.each<[string, string]>([
    ['5,000-deep nesting', JSON.stringify(anAlert({ agentId: '024' })).replace('"data":{', `"data":{"d":${'['.repeat(5000)}${']'.repeat(5000)},`)],
    ['a body that is only nesting', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['a __proto__ root', `{"__proto__":{"rule":{"id":"5712","level":10}},${JSON.stringify(anAlert({ agentId: '024' })).slice(1)}`],
    ['a constructor root in an array', `[{"constructor":{"prototype":{}}, "rule":{"id":"1","level":1},"agent":{"id":"001"}}]`],
    ['wrong types', '{"rule":{"id":5712,"level":"10"},"agent":{"id":["001"]}}'],
    ['a number', '5'],
    ['null', 'null'],
    ['an array of scalars', '[1, "a", null, true]'],
    ['truncated JSON', JSON.stringify(anAlert()).slice(0, 40)],
  ])('never answers 5xx: %s is refused with a reason', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
