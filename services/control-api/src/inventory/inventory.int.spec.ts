import { ExecCommandV1, HEADER, type AuditEvent } from '@riposte/contracts';
import { TopicRecorder, verifyAsExecutor, waitFor, withOneByteChanged } from '@riposte/testing';
import { aSchedule, ControlApiHarness } from '../testing/control-api.harness';
import type { ActiveResponseItem } from '@riposte/contracts';
import { encodeItemId } from './active-response-view';

describe('inventory and early unblock on the real broker and Redis', () => {
  const h = new ControlApiHarness();
  let rec: TopicRecorder;
  const t0 = () => h.clock.t;

  beforeAll(async () => {
    await h.start(['001', '002']);
    rec = await new TopicRecorder(h.kafka, [h.topics.audit, h.topics.exec('001'), h.topics.exec('002')]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await h.stop();
  });

  const list = async (query = '', token: 'read' | 'only001' = 'read') => {
    const res = await h.call('GET', `/active-responses${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.data!.affected_items as ActiveResponseItem[];
  };

  describe('when timers are pending', () => {
    beforeAll(async () => {
      await h.timers.schedule(aSchedule({ agentId: '001', srcip: '1.2.3.4', addedAt: t0() - 100_000 }));
      await h.timers.schedule(aSchedule({ agentId: '001', srcip: '5.6.7.8', addedAt: t0() - 10_000, trigger: { actor: 'API' } }));
      await h.timers.schedule(aSchedule({ agentId: '002', srcip: '1.2.3.4', addedAt: t0() - 50_000, timeoutSeconds: 60 }));
    });

    it('lists every active response, soonest expiry first, with started, expires and remaining', async () => {
      const items = await list();
      expect(items.map((i) => [i.agentId, i.rkey])).toEqual([
        ['002', 'firewall-drop-1.2.3.4'],
        ['001', 'firewall-drop-1.2.3.4'],
        ['001', 'firewall-drop-5.6.7.8'],
      ]);
      expect(items[1]).toEqual({
        id: encodeItemId('001', 'firewall-drop-1.2.3.4'),
        agentId: '001',
        response: 'firewall-drop600',
        rkey: 'firewall-drop-1.2.3.4',
        keys: ['1.2.3.4'],
        started: new Date(t0() - 100_000).toISOString(),
        // Wazuh fires when now - added > timeout: one millisecond after the timeout.
        expires: new Date(t0() - 100_000 + 600_000 + 1).toISOString(),
        remainingSeconds: 501,
        timeoutSeconds: 600,
        trigger: { alertId: '1764342000.1', ruleId: '5712' },
        traceId: expect.any(String),
      });
      expect(items[0].remainingSeconds).toBe(11);
      expect(items[2].trigger).toEqual({ actor: 'API' });
    });

    it.each([
      ['?agent=002', [['002', 'firewall-drop-1.2.3.4']]],
      ['?key=1.2.3.4', [['002', 'firewall-drop-1.2.3.4'], ['001', 'firewall-drop-1.2.3.4']]],
      ['?key=firewall-drop-5.6.7.8', [['001', 'firewall-drop-5.6.7.8']]],
      ['?agent=001&key=5.6.7.8&response=firewall-drop600', [['001', 'firewall-drop-5.6.7.8']]],
      ['?response=host-deny0', []],
    ])('filters %s', async (query, expected) => {
      expect((await list(query)).map((i) => [i.agentId, i.rkey])).toEqual(expected);
    });

    it('shows a scoped token only its agents', async () => {
      expect((await list('', 'only001')).map((i) => i.agentId)).toEqual(['001', '001']);
    });
  });

  describe('when an operator lifts one by id', () => {
    it('sends the delete at once, removes the timer and audits the actor', async () => {
      const schedule = aSchedule({ agentId: '001', srcip: '9.9.9.9', addedAt: t0() - 1000 });
      await h.timers.schedule(schedule, 'trace-of-the-alert');
      const before = rec.on(h.topics.exec('001')).length;

      const res = await h.call('DELETE', `/active-responses/${encodeItemId('001', 'firewall-drop-9.9.9.9')}`, { token: 'trigger' });
      expect(res.status).toBe(200);
      expect((res.body.data!.affected_items as ActiveResponseItem[]).map((i) => i.rkey)).toEqual(['firewall-drop-9.9.9.9']);

      const [del] = (await rec.waitForCount(before + 1, h.topics.exec('001'))).slice(before);
      expect(JSON.parse(del.value!.toString())).toEqual(schedule.deleteMessage);
      expect(del.headers[HEADER.type]).toBe(ExecCommandV1.TYPE_DELETE);
      expect(del.headers[HEADER.traceId]).toBe('trace-of-the-alert');
      expect(del.headers[ExecCommandV1.EXEC_HEADER.rkey]).toBe('firewall-drop-9.9.9.9');
      expect(del.headers[ExecCommandV1.EXEC_HEADER.generation]).toBe(String(schedule.addedAt));
      expect(verifyAsExecutor(del, h.issuer, '001', h.clock.t)).toMatchObject({ ok: true, keyId: h.issuer.keyId, type: ExecCommandV1.TYPE_DELETE, generation: schedule.addedAt });
      expect(verifyAsExecutor(withOneByteChanged(del, 20), h.issuer, '001', h.clock.t)).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(await h.timers.get('001', 'firewall-drop-9.9.9.9')).toBeNull();
      const audit = await waitForAudit((a) => a.type === 'manual.unblocked' && a.rkey === 'firewall-drop-9.9.9.9');
      expect(audit).toMatchObject({ service: 'control-api', agentId: '001', actor: 'bob-operator', arName: 'firewall-drop600', detail: { early: true } });

      expect((await h.call('DELETE', `/active-responses/${encodeItemId('001', 'firewall-drop-9.9.9.9')}`, { token: 'trigger' })).status).toBe(404);
    });

    it('refuses an id that is not one (400) and an unknown one (404)', async () => {
      expect((await h.call('DELETE', '/active-responses/not-an-id', { token: 'admin' })).status).toBe(400);
      expect((await h.call('DELETE', `/active-responses/${encodeItemId('001', 'nothing-here')}`, { token: 'admin' })).status).toBe(404);
    });

    it('answers 409 while the scheduler is sending the delete itself, and leaves its timer alone', async () => {
      await h.timers.schedule(aSchedule({ agentId: '002', srcip: '7.7.7.7', addedAt: t0() - 1000 }));
      const claim = await h.timers.claim('002', 'firewall-drop-7.7.7.7', t0(), 60_000);
      expect(claim.status).toBe('claimed');
      const res = await h.call('DELETE', `/active-responses/${encodeItemId('002', 'firewall-drop-7.7.7.7')}`, { token: 'admin' });
      expect(res.status).toBe(409);
      expect(await h.timers.get('002', 'firewall-drop-7.7.7.7')).not.toBeNull();
    });
  });

  describe('when an operator lifts by agent and key', () => {
    it('lifts every active response of that agent with the key, and only those', async () => {
      await h.timers.schedule(aSchedule({ agentId: '002', srcip: '3.3.3.3', addedAt: t0() - 1000 }));
      const before = rec.on(h.topics.exec('002')).length;
      const res = await h.call('DELETE', '/active-responses?agent=002&key=3.3.3.3', { token: 'admin' });
      expect(res.status).toBe(200);
      expect((res.body.data!.affected_items as ActiveResponseItem[]).map((i) => i.rkey)).toEqual(['firewall-drop-3.3.3.3']);
      await rec.waitForCount(before + 1, h.topics.exec('002'));
      expect(await h.timers.get('002', 'firewall-drop-3.3.3.3')).toBeNull();
      expect(await h.timers.get('002', 'firewall-drop-1.2.3.4')).not.toBeNull();
      expect((await h.call('DELETE', '/active-responses?agent=002&key=3.3.3.3', { token: 'admin' })).status).toBe(404);
      expect((await h.call('DELETE', '/active-responses?agent=002', { token: 'admin' })).status).toBe(400);
    });
  });

  async function waitForAudit(match: (a: AuditEvent) => boolean): Promise<AuditEvent> {
    return waitFor(() => rec.json<AuditEvent>(h.topics.audit).find(match), { message: 'audit event' });
  }
});
