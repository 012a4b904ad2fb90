import type { Kafka } from 'kafkajs';
import { anAlert, callUnauthorised, requireKafka, TEST_TOKENS, uniqueName } from '@riposte/testing';
import { startIngestApp, type IngestApp } from '../testing/start-ingest-app';

/**
 * Every state-changing route of alert-ingest, listed from the running app's router: 401 without a token, 403 with
 * a control-API token (read, trigger), and not one message on any topic of the namespace (alerts, dead letters).
 */
describe('alert-ingest: no state change without an ingest token', () => {
  let kafka: Kafka;
  let ingest: IngestApp;

  beforeAll(async () => {
    kafka = await requireKafka();
    ingest = await startIngestApp({ RIPOSTE_TOPIC_NAMESPACE: uniqueName('ingest-auth'), RIPOSTE_REDIS_PREFIX: uniqueName('ingest-auth'), ALERTS_JSON_PATH: '' });
  });
  afterAll(() => ingest?.close());

  it('refuses every mutating route, and nothing reaches any topic', async () => {
    const out = await callUnauthorised(ingest.app, {
      baseUrl: ingest.url,
      kafka,
      namespace: ingest.topics.namespace,
      wrongTokens: { read: TEST_TOKENS.read, trigger: TEST_TOKENS.trigger },
      body: anAlert({ agentId: '000' }),
    });
    expect(out.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /alerts']);
    expect(out.results).toEqual([
      { route: 'POST /alerts', credential: 'no token', status: 401 },
      { route: 'POST /alerts', credential: 'read', status: 403 },
      { route: 'POST /alerts', credential: 'trigger', status: 403 },
    ]);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
  });
});
