import { generateKeyPairPem } from '@riposte/contracts';
import type { EnrolledKey } from '@riposte/store';
import { callUnauthorised, notRefused } from '@riposte/testing';
import { encodeItemId } from '../inventory/active-response-view';
import { aSchedule, ControlApiHarness, TOKENS } from '../testing/control-api.harness';

/**
 * Every state-changing route of the control API, listed from the running app's router (so a route added later,
 * such as agent enrolment, is covered without editing this file): without a token it answers 401, with a token
 * whose role grants nothing here (ingest) 401 or 403, and not one message appears on any topic of the namespace.
 */
describe('control API: no state change without the right token', () => {
  const h = new ControlApiHarness();
  let enrolled001: EnrolledKey;

  beforeAll(async () => {
    await h.start(['001', '002']);
    await h.agent('001');
    await h.agent('002');
    // Blocks a missing check would lift, so a lift would show as a delete on the topics.
    for (const agentId of ['001', '002']) await h.timers.schedule(aSchedule({ agentId, addedAt: h.clock.t - 1000 }));
    // A key a missing check would replace or revoke (the sample path is agent 001).
    enrolled001 = await h.agentKeys.enrol('001', generateKeyPairPem().publicKeyPem, 'setup', h.clock.t);
  });
  afterAll(() => h.stop());

  it('refuses every mutating route, and nothing reaches any topic', async () => {
    const out = await callUnauthorised(h.app, { baseUrl: h.url, kafka: h.kafka, namespace: h.namespace, wrongTokens: { ingest: TOKENS.ingest } });
    const routes = out.routes.map((r) => `${r.method} ${r.path}`);
    // The known ones must be among them (the list itself comes from the router).
    expect(routes).toEqual(expect.arrayContaining(['PUT /active-response', 'DELETE /active-responses/:id', 'DELETE /active-responses', 'PUT /agents/:id/key', 'DELETE /agents/:id/key', 'POST /simulate']));
    expect(notRefused(out.results)).toEqual([]);
    expect(out.results).toHaveLength(routes.length * 2);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
    expect(await h.timers.get('001', 'firewall-drop-1.2.3.4')).not.toBeNull();
    expect(await h.agentKeys.get('001')).toEqual(enrolled001);
  });

  it('a read token may not change anything either (simulate only computes, so it may)', async () => {
    const out = await callUnauthorised(h.app, { baseUrl: h.url, kafka: h.kafka, namespace: h.namespace, wrongTokens: { read: TOKENS.read } });
    expect(out.results.filter((x) => x.credential === 'read' && x.route !== 'POST /simulate' && x.status !== 403)).toEqual([]);
    expect(out.published).toEqual([]);
    expect(out.newTopics).toEqual([]);
    expect((await h.call('DELETE', `/active-responses/${encodeItemId('002', 'firewall-drop-1.2.3.4')}`, { token: 'ingest' })).status).toBe(403);
  });

  it('a trigger token may not enrol or revoke agents (admin only), and the enrolled key stays', async () => {
    const out = await callUnauthorised(h.app, { baseUrl: h.url, kafka: h.kafka, namespace: h.namespace, wrongTokens: { trigger: TOKENS.trigger }, body: { publicKeyPem: generateKeyPairPem().publicKeyPem } });
    const keyRoutes = out.results.filter((x) => x.route.endsWith('/agents/:id/key'));
    expect(keyRoutes.map((x) => `${x.route} ${x.credential} ${x.status}`)).toEqual([
      'DELETE /agents/:id/key no token 401',
      'DELETE /agents/:id/key trigger 403',
      'PUT /agents/:id/key no token 401',
      'PUT /agents/:id/key trigger 403',
    ]);
    // A trigger token may lift blocks (DELETE /active-responses): only enrolment events must be absent.
    expect(out.published.filter((m) => m.includes('"type":"agent.'))).toEqual([]);
    expect(await h.agentKeys.get('001')).toEqual(enrolled001);
  });
});
