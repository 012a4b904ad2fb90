import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { StoreKeys } from '@riposte/store';
import { HEADER, topicsFor, type Alert, type Topics } from '@riposte/contracts';
import { anAlert, deleteKeys, requireKafka, requireRedis, settle, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { READ_CHUNK_BYTES } from './alerts-file.tailer';
import { startIngestApp, type IngestApp } from '../testing/start-ingest-app';

const line = (a: Alert) => `${JSON.stringify(a)}\n`;

describe('alert-ingest: tailing alerts.json', () => {
  const namespace = uniqueName('ingest');
  const prefix = uniqueName('ingest');
  const topics: Topics = topicsFor(namespace);
  const dlq = topics.dlq(topics.alerts);
  const keys = new StoreKeys(prefix);
  const dir = mkdtempSync(path.join(tmpdir(), 'alerts-json-'));
  const apps: IngestApp[] = [];
  let kafka: Kafka;
  let redis: Redis;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
    // The first app creates the topics; the recorder needs them.
    await stop(await start(path.join(dir, 'unused.json')));
    recorder = await new TopicRecorder(kafka, [topics.alerts, dlq]).start();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await recorder?.stop();
    if (redis) {
      await deleteKeys(redis, `${prefix}:`);
      redis.disconnect();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(file: string): Promise<IngestApp> {
    const app = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: namespace, RIPOSTE_REDIS_PREFIX: prefix, ALERTS_JSON_PATH: file, INGEST_POLL_MS: '20' });
    apps.push(app);
    return app;
  }
  async function stop(app: IngestApp): Promise<void> {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }
  /** The saved position of a file, once it has one. */
  const savedPosition = (file: string) => waitFor(async () => {
    const h = await redis.hgetall(keys.ingestFilePosition(file));
    return h.position === undefined ? undefined : { identity: h.identity, position: Number(h.position) };
  });
  /** How many times each of these alerts reached the alerts topic. */
  const timesPublished = (alerts: Alert[]) => {
    const ids = recorder.on(topics.alerts).map((m) => JSON.parse(m.value!.toString()).id);
    return alerts.map((a) => ids.filter((id) => id === a.id).length);
  };
  const published = (alerts: Alert[]) => waitFor(() => timesPublished(alerts).every((n) => n > 0), { message: `${alerts.length} alert(s) published` });

  it('publishes lines appended after it started (not those already there), and a partial line waits for its newline', async () => {
    const file = path.join(dir, 'append.json');
    const [old, a, b, c] = ['001', '002', '003', '004'].map((agentId) => anAlert({ agentId }));
    writeFileSync(file, line(old));
    await start(file);
    expect((await savedPosition(file)).position).toBe(line(old).length);

    appendFileSync(file, line(a) + line(b) + line(c).slice(0, 100));
    await published([a, b]);
    const ab = recorder.on(topics.alerts).filter((m) => [a.id, b.id].includes(JSON.parse(m.value!.toString()).id));
    expect(ab.map((m) => m.key)).toEqual(['002', '003']);
    expect(ab[0].headers[HEADER.type]).toBe('alert.ingested');
    await waitFor(async () => (await savedPosition(file)).position === line(old).length + line(a).length + line(b).length);

    await settle(200);
    expect(timesPublished([old, c])).toEqual([0, 0]);
    appendFileSync(file, line(c).slice(100));
    await published([c]);
  });

  it('dead-letters bad lines with their reason and raw bytes while the good lines around them go through', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '');
    await start(file);
    await savedPosition(file);
    const [a, b] = [anAlert({ agentId: '011' }), anAlert({ agentId: '012' })];
    const bad: [string, RegExp][] = [
      ['{"timestamp":"2022-05-11T12:29:19.905+0000","rule":{"level":10', /^not JSON/],
      [JSON.stringify({ ...anAlert(), rule: undefined }), /^invalid alert: rule: Required$/],
      [JSON.stringify({ ...anAlert(), full_log: 'x'.repeat(70_000) }), /^oversized: alert is \d+ bytes/],
      [JSON.stringify({ ...anAlert(), full_log: 'y'.repeat(READ_CHUNK_BYTES) }), /^oversized: line of \d+ bytes, over the 262144-byte input limit$/],
    ];
    const before = recorder.on(dlq).length;
    appendFileSync(file, line(a) + bad.map(([raw]) => `${raw}\n`).join('') + line(b));
    await published([a, b]);
    const dead = (await recorder.waitForCount(before + bad.length, dlq)).slice(before);
    // A line longer than one read is cut to its first READ_CHUNK_BYTES in its dead letter.
    expect(dead.map((m) => m.value!.toString())).toEqual(bad.map(([raw]) => raw.slice(0, READ_CHUNK_BYTES)));
    dead.forEach((m, i) => {
      expect(m.headers[HEADER.reason]).toMatch(bad[i][1]);
      expect(m.headers['riposte-dlq-source']).toBe('file');
      expect(m.headers['riposte-dlq-source-file']).toBe(file);
    });
    expect(dead[0].headers['riposte-dlq-source-offset']).toBe(String(line(a).length));
  });

  it('dead-letters a Filebeat line with a `__proto__` root key and goes on, instead of retrying it forever (input hardening)', async () => {
    const file = path.join(dir, 'proto.json');
    writeFileSync(file, '');
    await start(file);
    await savedPosition(file);
    const [a, b] = [anAlert({ agentId: '015' }), anAlert({ agentId: '016' })];
    const event = { '@metadata': { beat: 'filebeat' }, ecs: { version: '1.6.0' }, ...anAlert({ agentId: '017' }) };
    const bad = `{"__proto__": {"x": 1}, ${JSON.stringify(event).slice(1)}`;
    const before = recorder.on(dlq).length;
    appendFileSync(file, `${line(a)}${bad}\n${line(b)}`);
    await published([a, b]);
    const [dead] = (await recorder.waitForCount(before + 1, dlq)).slice(before);
    expect(dead.value!.toString()).toBe(bad);
    expect(dead.headers[HEADER.reason]).toBe("forbidden key '__proto__' at the root");
  });

  it('continues after a restart from the saved position without publishing anything twice', async () => {
    const file = path.join(dir, 'restart.json');
    writeFileSync(file, '');
    const first = await start(file);
    await savedPosition(file);
    const [a, b, c, d] = ['021', '022', '023', '024'].map((agentId) => anAlert({ agentId }));
    appendFileSync(file, line(a) + line(b));
    await published([a, b]);
    await stop(first);

    appendFileSync(file, line(c) + line(d));
    await start(file);
    await published([c, d]);
    await settle(300);
    expect(timesPublished([a, b, c, d])).toEqual([1, 1, 1, 1]);
  });

  it('finishes a rotated file, dead-letters its unfinished last line, then reads the new file from its start', async () => {
    const file = path.join(dir, 'rotate.json');
    writeFileSync(file, '');
    await start(file);
    await savedPosition(file);
    const [a1, a2, b1, b2] = ['031', '032', '033', '034'].map((agentId) => anAlert({ agentId }));
    appendFileSync(file, line(a1));
    await published([a1]);
    const before = recorder.on(dlq).length;

    // Wazuh renames alerts.json, may still finish writing to the old file, then opens a new alerts.json.
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, line(a2) + '{"partial":');
    writeFileSync(file, line(b1) + line(b2));

    await published([a2, b1, b2]);
    const [dead] = (await recorder.waitForCount(before + 1, dlq)).slice(before);
    expect(dead.value!.toString()).toBe('{"partial":');
    expect(dead.headers[HEADER.reason]).toBe('incomplete last line of a rotated file');
    await waitFor(async () => (await savedPosition(file)).position === line(b1).length + line(b2).length);
    expect(timesPublished([a1, a2, b1, b2])).toEqual([1, 1, 1, 1]);
  });

  it('reads a file rotated while it was down from its start', async () => {
    const file = path.join(dir, 'rotate-down.json');
    writeFileSync(file, '');
    const first = await start(file);
    await savedPosition(file);
    const [a, b] = [anAlert({ agentId: '041' }), anAlert({ agentId: '042' })];
    appendFileSync(file, line(a));
    await published([a]);
    await stop(first);

    renameSync(file, `${file}.1`);
    writeFileSync(file, line(b));
    await start(file);
    await published([b]);
    expect(timesPublished([a, b])).toEqual([1, 1]);
  });

  it('reads a truncated file from its start', async () => {
    const file = path.join(dir, 'truncate.json');
    writeFileSync(file, '');
    await start(file);
    await savedPosition(file);
    const [a, b, c] = ['051', '052', '053'].map((agentId) => anAlert({ agentId }));
    appendFileSync(file, line(a) + line(b));
    await published([a, b]);

    truncateSync(file, 0);
    appendFileSync(file, line(c));
    await published([c]);
    await waitFor(async () => (await savedPosition(file)).position === line(c).length);
    expect(timesPublished([a, b, c])).toEqual([1, 1, 1]);
  });

  it('reads a file created after it started from its start', async () => {
    const file = path.join(dir, 'later.json');
    await start(file);
    expect(await savedPosition(file)).toEqual({ identity: 'none', position: 0 });
    const a = anAlert({ agentId: '061' });
    writeFileSync(file, line(a));
    await published([a]);
  });
});
