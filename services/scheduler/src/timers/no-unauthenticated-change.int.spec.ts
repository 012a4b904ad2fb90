import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import { callUnauthorised, httpRoutes, kafkaBrokers, notRefused, redisUrl, requireKafka, TEST_TOKENS, testIssuer, uniqueName } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadSchedulerEnv } from '../env';
import { TimerRequestConsumer } from './timer-request.consumer';

/**
 * The scheduler's HTTP listener, its routes read from the running app's router: only health and metrics (the
 * operators' timer routes are gone; the control API is the one manual-unblock path). Any state-changing route added
 * later must answer 401 or 403 without a token or with an admin token of the control API, and publish nothing.
 */
describe('scheduler: no state change over HTTP', () => {
  const namespace = uniqueName('sched-auth');
  let kafka: Kafka;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    kafka = await requireKafka();
    const env = loadSchedulerEnv({ ...process.env, KAFKA_BROKERS: kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: namespace, RIPOSTE_REDIS_PREFIX: uniqueName('sched-auth'), ...testIssuer().issuerEnv });
    app = await NestFactory.create(AppModule.forRoot(env), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await app.get(TimerRequestConsumer).joined;
  });
  afterAll(() => app?.close());

  it('serves only GET /health and GET /metrics', () => {
    expect(httpRoutes(app).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health', 'GET /metrics']);
  });

  it('refuses every state-changing route there is, and nothing reaches any topic', async () => {
    const out = await callUnauthorised(app, { baseUrl: url, kafka, namespace, wrongTokens: { admin: TEST_TOKENS.admin } });
    expect(notRefused(out.results)).toEqual([]);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
  });
});
