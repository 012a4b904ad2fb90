import type { Kafka } from 'kafkajs';
import { HEADER } from '@riposte/contracts';
import { anAlert, bearer, requireKafka, settle, TEST_TOKENS, type TestTokenRole, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { MAX_RAW_BYTES } from '../normalize/normalize-raw-alert';
import { startIngestApp, type IngestApp } from '../testing/start-ingest-app';
import type { IngestAnswer } from './http-ingest.service';

const MAX_BODY = 4 * 1024 * 1024;

describe('alert-ingest: POST /alerts', () => {
  let kafka: Kafka;
  let ingest: IngestApp;
  let recorder: TopicRecorder;
  let dlq: string;

  beforeAll(async () => {
    kafka = await requireKafka();
    ingest = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: uniqueName('ingest'), RIPOSTE_REDIS_PREFIX: uniqueName('ingest'), INGEST_MAX_BODY_BYTES: String(MAX_BODY), ALERTS_JSON_PATH: '' });
    dlq = ingest.topics.dlq(ingest.topics.alerts);
    recorder = await new TopicRecorder(kafka, [ingest.topics.alerts, dlq]).start();
  });
  afterAll(async () => {
    await recorder?.stop();
    await ingest?.close();
  });

  const post = async (body: string | Buffer, contentType = 'application/json', auth: Record<string, string> = bearer('ingest')) => {
    const res = await fetch(`${ingest.url}/alerts`, { method: 'POST', headers: { 'content-type': contentType, ...auth }, body });
    return { status: res.status, body: (await res.json()) as IngestAnswer };
  };
  /** What arrived on the alerts topic for these alerts (by alert id). */
  const published = (...alerts: { id?: string }[]) => {
    const ids = new Set(alerts.map((a) => a.id));
    return waitFor(() => {
      const got = recorder.on(ingest.topics.alerts).filter((m) => ids.has(JSON.parse(m.value!.toString()).id));
      return got.length >= alerts.length ? got : undefined;
    }, { message: `${alerts.length} alert(s) on the alerts topic` });
  };
  const deadFrom = (n: number) => recorder.waitForCount(n, dlq).then((all) => all.slice(-1));

  it('accepts one alert and publishes it keyed by agent id with the envelope', async () => {
    const alert = anAlert({ agentId: '011' });
    expect(await post(JSON.stringify(alert))).toEqual({ status: 200, body: { accepted: 1, rejected: 0, errors: [] } });
    const [m] = await published(alert);
    expect(m.key).toBe('011');
    expect(JSON.parse(m.value!.toString())).toEqual(alert);
    expect(m.headers[HEADER.type]).toBe('alert.ingested');
    expect(Number(m.headers[HEADER.expiresAt]) - Number(m.headers[HEADER.issuedAt])).toBe(3_600_000);
  });

  it('accepts a JSON array, answering the index and reason of each rejected item, which goes to the dead-letter topic', async () => {
    const a = anAlert({ agentId: '012' });
    const b = anAlert({ agentId: '013' });
    const bad = { ...anAlert(), agent: { id: 'web' } };
    const res = await post(JSON.stringify([a, bad, b]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 2, rejected: 1, errors: [{ index: 1, reason: expect.stringMatching(/^invalid alert: agent\.id: must be a Wazuh agent id/) }] });
    expect((await published(a, b)).map((m) => m.key)).toEqual(['012', '013']);
    const dead = await waitFor(() => recorder.on(dlq).find((m) => m.value!.toString() === JSON.stringify(bad)), { message: 'the dead letter' });
    expect(dead.headers[HEADER.reason]).toBe(res.body.errors[0].reason);
    expect(dead.headers['riposte-dlq-source']).toBe('http');
    expect(dead.headers['riposte-dlq-source-index']).toBe('1');
  });

  it.each(['application/x-ndjson', 'application/json', 'text/plain'])('accepts NDJSON sent as %s, a bad line between good ones dead-lettered', async (contentType) => {
    const a = anAlert({ agentId: '021' });
    const b = anAlert({ agentId: '022' });
    const before = recorder.on(dlq).length;
    const res = await post(`${JSON.stringify(a)}\r\n{"rule":\n${JSON.stringify(b)}\n`, contentType);
    expect(res).toEqual({ status: 200, body: { accepted: 2, rejected: 1, errors: [{ index: 1, reason: expect.stringMatching(/^not JSON/) }] } });
    expect((await published(a, b)).map((m) => m.key)).toEqual(['021', '022']);
    const [dead] = await deadFrom(before + 1);
    expect(dead.value!.toString()).toBe('{"rule":');
  });

  it('answers 422 when nothing was accepted, and still dead-letters the raw body', async () => {
    const before = recorder.on(dlq).length;
    const res = await post('{"rule": {"id": "1", "level": 3}, "agent": {"id": "001"');
    expect(res).toEqual({ status: 422, body: { accepted: 0, rejected: 1, errors: [{ index: 0, reason: expect.stringMatching(/^not JSON/) }] } });
    const [dead] = await deadFrom(before + 1);
    expect(dead.value!.toString()).toBe('{"rule": {"id": "1", "level": 3}, "agent": {"id": "001"');
    expect(dead.headers[HEADER.reason]).toMatch(/^not JSON/);
  });

  it('dead-letters an item over the input limit cut to MAX_RAW_BYTES, with its full length in a header', async () => {
    const huge = { ...anAlert(), full_log: 'x'.repeat(MAX_RAW_BYTES) };
    const ok = anAlert({ agentId: '031' });
    const before = recorder.on(dlq).length;
    const res = await post(JSON.stringify([ok, huge]));
    expect(res.body).toEqual({ accepted: 1, rejected: 1, errors: [{ index: 1, reason: expect.stringMatching(/^oversized: alert is \d+ bytes/) }] });
    const [dead] = await deadFrom(before + 1);
    expect(dead.value!.toString()).toBe(JSON.stringify(huge).slice(0, MAX_RAW_BYTES));
    expect(dead.headers['riposte-dlq-truncated-from']).toBe(String(Buffer.byteLength(JSON.stringify(huge))));
    await published(ok);
  });

  it('answers 400 to an empty body', async () => {
    expect((await post('  \n')).status).toBe(400);
  });

  it('answers 413 to a body over INGEST_MAX_BODY_BYTES', async () => {
    const res = await post(JSON.stringify({ ...anAlert(), full_log: 'x'.repeat(MAX_BODY) }));
    expect(res.status).toBe(413);
  });

  it('publishes a batch larger than one broker request in full', async () => {
    // Over the broker's 1 MiB record batch limit if it were sent in one request to one partition.
    const alerts = Array.from({ length: 1500 }, (_v, i) => anAlert({ agentId: String(300 + (i % 7)) }));
    const body = JSON.stringify(alerts);
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
    const res = await post(body);
    expect(res).toEqual({ status: 200, body: { accepted: 1500, rejected: 0, errors: [] } });
    expect((await published(...alerts)).map((m) => m.key)).toEqual(alerts.map((a) => a.agent.id));
  });

  it('serves GET /health and GET /metrics', async () => {
    const health = await fetch(`${ingest.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', tls: false, kafka: { ok: true, brokers: expect.any(Number) }, file: { path: null, failing: false } });
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    expect(metrics).toMatch(/riposte_alert_ingest_alerts_total\{input="http",outcome="accepted"\} 1510/);
    expect(metrics).toMatch(/riposte_alert_ingest_alerts_total\{input="http",outcome="rejected"\} 6/);
  });

  it('answers a Filebeat event with a `__proto__` root key 422 with the reason (never 500), and dead-letters it', async () => {
    const event = { '@metadata': { beat: 'filebeat', type: '_doc', version: '7.10.2' }, ecs: { version: '1.6.0' }, input: { type: 'log' }, ...anAlert({ agentId: '021' }) };
    const body = `{"__proto__": {"polluted": true}, ${JSON.stringify(event).slice(1)}`;
    const before = recorder.on(dlq).length;
    const res = await post(body);
    expect(res).toEqual({ status: 422, body: { accepted: 0, rejected: 1, errors: [{ index: 0, reason: "forbidden key '__proto__' at the root" }] } });
    const [dead] = await deadFrom(before + 1);
    expect(dead.headers[HEADER.reason]).toBe("forbidden key '__proto__' at the root");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('answers an alert nested thousands of levels deep 422 (never 500), and dead-letters the body', async () => {
    const body = JSON.stringify(anAlert({ agentId: '022' })).replace('"data":{', `"data":{"deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},`);
    const before = recorder.on(dlq).length;
    const res = await post(body);
    expect(res).toEqual({ status: 422, body: { accepted: 0, rejected: 1, errors: [{ index: 0, reason: expect.stringMatching(/nested deeper than MAX_ALERT_DEPTH \(\d+\) levels$/) }] } });
    const [dead] = await deadFrom(before + 1);
    expect(dead.value!.toString()).toBe(body);
  });

  describe('bearer tokens', () => {
    const refused: [string, Record<string, string>, number, string][] = [
      ['no token', {}, 401, 'No authorization token provided'],
      ['an unknown token', { authorization: `Bearer ${TEST_TOKENS.ingest}x` }, 401, 'Invalid token'],
      ['a malformed header', { authorization: TEST_TOKENS.ingest }, 401, 'No authorization token provided'],
      ...(['read', 'trigger'] as TestTokenRole[]).map((role): [string, Record<string, string>, number, string] => [`a ${role} token`, bearer(role), 403, `role 'ingest' is required, the token has '${role}'`]),
    ];

    it.each(refused)('refuses %s, and publishes nothing', async (_what, auth, status, detail) => {
      const alert = anAlert({ agentId: '041' });
      const before = { alerts: recorder.on(ingest.topics.alerts).length, dlq: recorder.on(dlq).length };
      const res = await fetch(`${ingest.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(alert) });
      expect(res.status).toBe(status);
      expect(((await res.json()) as { detail?: string; message?: { detail?: string } })).toMatchObject({ detail: expect.stringContaining(detail) });
      await settle(300);
      expect({ alerts: recorder.on(ingest.topics.alerts).length, dlq: recorder.on(dlq).length }).toEqual(before);
    });

    it('answers 401, not 413, to a stranger with a body over the limit (it is not even read)', async () => {
      const res = await fetch(`${ingest.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(MAX_BODY + 1) });
      expect(res.status).toBe(401);
    });

    it('takes an admin token as well as an ingest one', async () => {
      const alert = anAlert({ agentId: '042' });
      expect(await post(JSON.stringify(alert), 'application/json', bearer('admin'))).toEqual({ status: 200, body: { accepted: 1, rejected: 0, errors: [] } });
      await published(alert);
    });

    it('counts the refusals on /metrics', async () => {
      const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
      expect(metrics).toMatch(/riposte_alert_ingest_auth_failures_total\{status="401"\} 4/);
      expect(metrics).toMatch(/riposte_alert_ingest_auth_failures_total\{status="403"\} 2/);
    });
  });
});
