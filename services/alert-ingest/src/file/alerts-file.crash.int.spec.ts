import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { StoreKeys } from '@riposte/store';
import { topicsFor } from '@riposte/contracts';
import { anAlert, deleteKeys, kafkaBrokers, redisUrl, requireKafka, requireRedis, ServiceProcess, TopicRecorder, uniqueName, waitFor, writeTestTokensFile } from '@riposte/testing';

const LINES = 5000;

describe('alert-ingest: tailing alerts.json across a crash (SIGKILL)', () => {
  const namespace = uniqueName('ingest');
  const prefix = uniqueName('ingest');
  const topics = topicsFor(namespace);
  const dir = mkdtempSync(path.join(tmpdir(), 'alerts-json-'));
  const file = path.join(dir, 'alerts.json');
  const key = new StoreKeys(prefix).ingestFilePosition(file);
  const service = new ServiceProcess('alert-ingest', 'alert-ingest', {
    KAFKA_BROKERS: kafkaBrokers(),
    REDIS_URL: redisUrl(),
    RIPOSTE_TOPIC_NAMESPACE: namespace,
    RIPOSTE_REDIS_PREFIX: prefix,
    ALERTS_JSON_PATH: file,
    INGEST_PORT: '0',
    INGEST_POLL_MS: '20',
    INGEST_TOKENS_FILE: writeTestTokensFile(['ingest']),
  });
  let kafka: Kafka;
  let redis: Redis;
  let recorder: TopicRecorder | undefined;

  beforeAll(async () => {
    kafka = await requireKafka();
    redis = await requireRedis();
  });
  afterAll(async () => {
    await service.stop('SIGKILL');
    await recorder?.stop();
    if (redis) {
      await deleteKeys(redis, `${prefix}:`);
      redis.disconnect();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every line at least once and ends with the position at the end of the file', async () => {
    writeFileSync(file, '');
    service.start();
    await service.waitForOutput('service started: alert-ingest');
    recorder = await new TopicRecorder(kafka, [topics.alerts]).start();
    await waitFor(() => redis.hget(key, 'position'), { message: 'the tailer opened the file' });

    const alerts = Array.from({ length: LINES }, (_v, i) => anAlert({ agentId: String(100 + (i % 20)), id: `crash.${i}` }));
    appendFileSync(file, alerts.map((a) => `${JSON.stringify(a)}\n`).join(''));
    await recorder.waitForCount(1, topics.alerts);
    await service.stop('SIGKILL');

    service.start();
    await service.waitForOutput('service started: alert-ingest', 45_000);
    await waitFor(() => seen(recorder!).size === LINES, { timeoutMs: 45_000, message: `all ${LINES} alerts published` });
    await waitFor(async () => Number(await redis.hget(key, 'position')) === statSync(file).size, { message: 'the position at the end of the file' });
  }, 120_000);
});

function seen(recorder: TopicRecorder): Set<string> {
  return new Set(recorder.messages.map((m) => JSON.parse(m.value!.toString()).id as string));
}
