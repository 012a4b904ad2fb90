import { writeFileSync } from 'node:fs';
import { anAlert, settle, TopicRecorder, waitFor } from '@riposte/testing';
import { ControlApiHarness, TEST_OSSEC_CONF } from '../testing/control-api.harness';

describe('simulate, agents, health and policy reload', () => {
  const h = new ControlApiHarness();
  let rec: TopicRecorder;

  beforeAll(async () => {
    await h.start(['001', '002']);
    await h.agent('001');
    await h.agent('002', { inactive: true, os: 'windows' });
    rec = await new TopicRecorder(h.kafka, [h.topics.audit, h.topics.exec('001'), h.topics.exec('002')]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await h.stop();
  });

  describe('POST /simulate', () => {
    it('returns the decision with explanations and publishes nothing', async () => {
      const res = await h.call('POST', '/simulate', { token: 'read', body: anAlert({ agentId: '001', ruleId: '5712', level: 10, srcip: '1.2.3.4' }) });
      expect(res.status).toBe(200);
      const d = res.body.data as { dispatches: { agent: string; name: string }[]; explanations: { outcome: string }[]; activeAgents: string[] };
      expect(d.dispatches.map((x) => [x.agent, x.name])).toEqual([['001', 'firewall-drop600']]);
      expect(d.explanations.map((e) => e.outcome)).toEqual(['dispatched']);
      expect(d.activeAgents).toEqual(['001']);
      await settle(1000);
      expect(rec.messages).toEqual([]);
    });

    it('explains a suppression (white list, invalid srcip) and every block with ?all=true', async () => {
      const res = await h.call('POST', '/simulate?all=true', { token: 'read', body: anAlert({ agentId: '001', ruleId: '5712', level: 10, srcip: '1.2.3.4;' }) });
      const d = res.body.data as { dispatches: unknown[]; suppressions: { reason: string }[]; explanations: unknown[] };
      expect(d.dispatches).toEqual([]);
      expect(d.suppressions.map((s) => s.reason)).toEqual(['invalid-srcip']);
      expect(d.explanations).toHaveLength(2);
    });

    it('refuses what is not an alert with 400 naming the field', async () => {
      const res = await h.call('POST', '/simulate', { token: 'read', body: { rule: { id: '5712' } } });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/rule\.level/);
    });
  });

  describe('GET /agents', () => {
    it('lists the registry with last seen and whether each agent is active', async () => {
      const res = await h.call('GET', '/agents', { token: 'read' });
      expect(res.body.data!.affected_items).toEqual([
        { id: '001', name: 'host-001', os: 'linux', version: 'riposte 0.1.0', lastSeen: new Date(h.clock.t).toISOString(), status: 'online', active: true, arDisabled: false, enrolled: false },
        { id: '002', name: 'host-002', os: 'windows', version: 'riposte 0.1.0', lastSeen: new Date(h.clock.t - 600_000).toISOString(), status: 'online', active: false, arDisabled: false, enrolled: false },
      ]);
    });
  });

  describe('GET /health', () => {
    it('reports Kafka, Redis and the policy', async () => {
      const res = await h.call('GET', '/health', { token: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', kafka: { ok: true }, redis: { ok: true }, policy: { ok: true, source: h.ossecConf, responses: 2 } });
    });
  });

  describe('when ossec.conf changes', () => {
    it('takes a valid new file, and keeps the last good policy when the file is broken', async () => {
      await h.enrolledAgent('001'); // a manual run goes to enrolled agents only
      writeFileSync(h.ossecConf, TEST_OSSEC_CONF.replace('<timeout>600</timeout>', '<timeout>60</timeout>'));
      await waitFor(async () => (await h.call('PUT', '/active-response?agents_list=001', { token: 'trigger', body: { command: 'firewall-drop60' } })).body.error === 0, {
        message: 'firewall-drop60 defined after the reload',
      });
      writeFileSync(h.ossecConf, '<ossec_config><command><name>broken</name></command></ossec_config>');
      await waitFor(async () => /riposte_control_policy_reloads_total\{outcome="rejected"\} [1-9]/.test(await (await fetch(`${h.url}/metrics`)).text()), {
        message: 'the broken file was read and rejected',
      });
      const res = await h.call('PUT', '/active-response?agents_list=001', { token: 'trigger', body: { command: 'firewall-drop60' } });
      expect(res.body).toMatchObject({ error: 0 });
    });
  });
});
