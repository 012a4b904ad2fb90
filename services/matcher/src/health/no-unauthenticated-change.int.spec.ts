import { callUnauthorised, httpRoutes, notRefused, TEST_TOKENS } from '@riposte/testing';
import { MatcherWorld, type RunningMatcher } from '../testing/matcher.harness';
import { RESPONSES, serverConf } from '../testing/ossec-confs';

/**
 * The matcher's HTTP listener, its routes read from the running app's router: only health and metrics. Any
 * state-changing route added later is called without a token and with an admin token of the control API (the
 * matcher trusts none): it must answer 401 or 403, and nothing may appear on any topic of the namespace.
 */
describe('matcher: no state change over HTTP', () => {
  const world = new MatcherWorld(serverConf(RESPONSES));
  let matcher: RunningMatcher;

  beforeAll(async () => {
    await world.connect();
    matcher = await world.start();
  });
  afterAll(() => world.close());

  it('serves only GET /health and GET /metrics', () => {
    expect(httpRoutes(matcher.app).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health', 'GET /metrics']);
  });

  it('refuses every state-changing route there is, and nothing reaches any topic', async () => {
    const out = await callUnauthorised(matcher.app, { baseUrl: matcher.url, kafka: world.kafka, namespace: world.namespace, wrongTokens: { admin: TEST_TOKENS.admin } });
    expect(notRefused(out.results)).toEqual([]);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
  });
});
