import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import { topicsFor } from '@riposte/contracts';
import { callUnauthorised, httpRoutes, kafkaBrokers, makeAgentHome, notRefused, removeHome, requireKafka, TEST_TOKENS, uniqueName } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadConfig } from '../env';
import { executorEnv } from '../testing/executor-harness';

/**
 * The executor's optional HTTP listener (EXECUTOR_PORT), its routes read from the running app's router: only
 * health and metrics. Any state-changing route added later must answer 401 or 403 without a token or with an
 * admin token of the control API, and publish nothing on any topic of the namespace.
 */
describe('executor: no state change over HTTP', () => {
  const namespace = uniqueName('exec-auth');
  const home = makeAgentHome({ ossecConf: '<ossec_config><active-response><disabled>no</disabled></active-response></ossec_config>' });
  let kafka: Kafka;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    kafka = await requireKafka();
    const env = executorEnv({ home, namespace, agentId: '001', brokers: kafkaBrokers(), extra: { EXECUTOR_PORT: '8424' } });
    app = await NestFactory.create(AppModule.forRoot(loadConfig(env), env), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    removeHome(home);
  });

  it('serves only GET /health and GET /metrics', () => {
    expect(httpRoutes(app).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health', 'GET /metrics']);
  });

  it('refuses every state-changing route there is, and nothing reaches any topic', async () => {
    // Its heartbeats go out on their own schedule, whatever the requests.
    const ignoreTopics = [topicsFor(namespace).agents];
    const out = await callUnauthorised(app, { baseUrl: url, kafka, namespace, wrongTokens: { admin: TEST_TOKENS.admin }, ignoreTopics });
    expect(notRefused(out.results)).toEqual([]);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
  });
});
