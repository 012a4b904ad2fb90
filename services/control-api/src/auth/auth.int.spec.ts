import { settle, TopicRecorder } from '@riposte/testing';
import { aSchedule, ControlApiHarness, TOKENS } from '../testing/control-api.harness';
import { encodeItemId } from '../inventory/active-response-view';

/**
 * Refused requests publish nothing: this file's namespace sees no other traffic, so every topic of it must stay
 * empty after the refusals.
 */
describe('bearer tokens and roles', () => {
  const h = new ControlApiHarness();
  let rec: TopicRecorder;

  beforeAll(async () => {
    await h.start(['001', '002']);
    await h.agent('001', { enrolled: true });
    await h.agent('002', { enrolled: true });
    // Blocks a missing check would lift: then the delete would show on the topics.
    for (const agentId of ['001', '002']) await h.timers.schedule(aSchedule({ agentId, addedAt: h.clock.t - 1000 }));
    rec = await new TopicRecorder(h.kafka, [h.topics.audit, h.topics.exec('001'), h.topics.exec('002')]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await h.stop();
  });

  const body = { command: 'firewall-drop600', alert: { data: { srcip: '1.2.3.4' } } };

  describe('when a mutating call is refused', () => {
    it.each([
      ['no token', 'PUT', '/active-response?agents_list=001', { token: null }, 401, 'No authorization token provided'],
      ['an unknown token', 'PUT', '/active-response?agents_list=001', { raw: `${TOKENS.trigger}x` }, 401, 'Invalid token'],
      ['a read token', 'PUT', '/active-response?agents_list=001', { token: 'read' }, 403, "role 'trigger' is required"],
      ['a token scoped to 001, on 002', 'PUT', '/active-response?agents_list=001,002', { token: 'only001' }, 403, 'may not act on agent(s) 002'],
      ['a trigger token running a custom script', 'PUT', '/active-response?agents_list=001', { token: 'trigger', body: { command: '!custom.sh' } }, 403, 'need the admin role'],
      ['a read token lifting a block', 'DELETE', `/active-responses/${encodeItemId('001', 'firewall-drop-1.2.3.4')}`, { token: 'read' }, 403, "role 'trigger'"],
      ['a token scoped to 001, lifting on 002', 'DELETE', `/active-responses/${encodeItemId('002', 'firewall-drop-1.2.3.4')}`, { token: 'only001' }, 403, 'may not act on agent 002'],
      ['a token scoped to 001, lifting by key on 002', 'DELETE', '/active-responses?agent=002&key=1.2.3.4', { token: 'only001' }, 403, 'may not act on agent 002'],
    ] as const)('%s (%s %s)', async (_what, method, route, who, status, detail) => {
      const res = await h.call(method, route, { body, ...who });
      expect(res.status).toBe(status);
      expect(res.body.detail).toContain(detail);
      if (status === 403) expect(res.body.error).toBe(4000);
    });

    it('nothing reached any topic', async () => {
      await settle(1500);
      expect(rec.messages).toEqual([]);
    });
  });

  describe('when reading', () => {
    it('a read token may list; a scoped token sees only its agents', async () => {
      expect((await h.call('GET', '/agents', { token: 'read' })).body.data!.total_affected_items).toBe(2);
      const scoped = await h.call('GET', '/agents', { token: 'only001' });
      expect((scoped.body.data!.affected_items as { id: string }[]).map((a) => a.id)).toEqual(['001']);
    });

    it('GETs need a token too', async () => {
      expect((await h.call('GET', '/active-responses', { token: null })).status).toBe(401);
      expect((await h.call('GET', '/agents', { token: null })).status).toBe(401);
    });

    it('health, metrics and the OpenAPI document need none', async () => {
      expect((await h.call('GET', '/health', { token: null })).status).toBe(200);
      expect((await h.call('GET', '/openapi.json', { token: null })).body.openapi).toBe('3.1.0');
      const metrics = await fetch(`${h.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('riposte_control_auth_failures_total{status="403"}');
    });
  });

  describe('when a scoped token acts within its agents', () => {
    it('is served, and a default agents_list means its own agents only', async () => {
      const res = await h.call('PUT', '/active-response', { token: 'only001', body });
      expect(res.body).toMatchObject({ data: { affected_items: ['001'], total_failed_items: 0 }, error: 0 });
      await rec.waitForCount(1, h.topics.exec('001'));
      expect(rec.on(h.topics.exec('002'))).toEqual([]);
    });
  });
});
