import { generateKeyPairSync } from 'node:crypto';
import { ControlApiV1, generateKeyPairPem, type AgentItem, type AuditEvent } from '@riposte/contracts';
import { TopicRecorder, waitFor } from '@riposte/testing';
import { ControlApiHarness } from '../testing/control-api.harness';

/** `PUT|GET|DELETE /agents/{id}/key` against the real Redis (the enrolled keys) and the real broker (audit). */
describe('agent enrolment on the real broker and Redis', () => {
  const h = new ControlApiHarness();
  let rec: TopicRecorder;
  const first = generateKeyPairPem();
  const second = generateKeyPairPem();

  beforeAll(async () => {
    await h.start();
    await h.agent('001');
    await h.agent('002');
    rec = await new TopicRecorder(h.kafka, [h.topics.audit]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await h.stop();
  });

  const audits = (agentId: string) => rec.json<AuditEvent>(h.topics.audit).filter((a) => a.agentId === agentId && a.type.startsWith('agent.'));
  /** Audit events of one agent share its partition, so once `n` are in, any earlier one would be too. */
  const waitForAudits = (agentId: string, n: number) => waitFor(() => (audits(agentId).length >= n ? audits(agentId) : undefined), { message: `${n} agent audit events of ${agentId}` });
  const enrol = (agentId: string, publicKeyPem: string, token: 'admin' | 'admin001' | 'trigger' | 'read' = 'admin') => h.call('PUT', `/agents/${agentId}/key`, { token, body: { publicKeyPem } });

  describe('when an admin enrols an agent', () => {
    it('stores the key, answers its id, and audits agent.enrolled with the actor', async () => {
      const res = await enrol('001', first.publicKeyPem);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ agentId: '001', keyId: first.keyId, enrolledAt: new Date(h.clock.t).toISOString(), enrolledBy: 'alice-admin' });
      expect(ControlApiV1.AgentKeyResultSchema.safeParse(res.body).success).toBe(true);
      expect(await h.agentKeys.get('001')).toEqual({ agentId: '001', keyId: first.keyId, publicKeyPem: first.publicKeyPem, enrolledAt: h.clock.t, enrolledBy: 'alice-admin' });
      const [audit] = await waitForAudits('001', 1);
      expect(audit).toEqual({ type: 'agent.enrolled', at: h.clock.t, service: 'control-api', agentId: '001', actor: 'alice-admin', detail: { keyId: first.keyId } });
    });

    it('shows it to a read token, and in GET /agents', async () => {
      const res = await h.call('GET', '/agents/001/key', { token: 'read' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ agentId: '001', keyId: first.keyId, enrolledAt: new Date(h.clock.t).toISOString(), enrolledBy: 'alice-admin', publicKeyPem: first.publicKeyPem });
      const list = (await h.call('GET', '/agents', { token: 'read' })).body.data!.affected_items as AgentItem[];
      expect(list.map((a) => [a.id, a.enrolled, a.keyId])).toEqual([
        ['001', true, first.keyId],
        ['002', false, undefined],
      ]);
    });

    it('replaces the key on a second enrolment (rotation) and names the one replaced', async () => {
      const res = await enrol('001', second.publicKeyPem);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ agentId: '001', keyId: second.keyId, replacedKeyId: first.keyId });
      expect((await h.agentKeys.get('001'))?.keyId).toBe(second.keyId);
      expect((await waitForAudits('001', 2))[1]).toMatchObject({ type: 'agent.enrolled', detail: { keyId: second.keyId, replacedKeyId: first.keyId } });
    });

    it('enrols an agent that has not announced itself yet (the key comes first)', async () => {
      const res = await enrol('003', first.publicKeyPem);
      expect(res.status).toBe(200);
      expect((await h.agentKeys.get('003'))?.keyId).toBe(first.keyId);
    });
  });

  describe('when the key or the id is not one', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

    it.each([
      ['a private key', '004', { publicKeyPem: first.privateKeyPem }, /^publicKeyPem: this is a private key, refused/],
      ['an RSA key', '004', { publicKeyPem: rsa }, /expected ed25519/],
      ['text that is no PEM', '004', { publicKeyPem: 'ssh-ed25519 AAAA host' }, /not a PEM block/],
      ['no body', '004', undefined, /publicKeyPem: Required|Expected object/],
      ['an id that is no agent id', 'abc', { publicKeyPem: first.publicKeyPem }, /^id: 'abc' is not an agent id/],
      ['a too short id', '01', { publicKeyPem: first.publicKeyPem }, /^id: '01' is not an agent id/],
    ])('refuses %s with 400 and a clear message, and stores nothing', async (_what, id, body, detail) => {
      const res = await h.call('PUT', `/agents/${id}/key`, { token: 'admin', body });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(detail);
      expect(JSON.stringify(res.body)).not.toContain(first.privateKeyPem.split('\n')[1]);
      if (/^\d+$/.test(id)) expect(await h.agentKeys.get(id)).toBeNull();
    });

    it('audits none of the refused requests', async () => {
      // 004 was only ever refused; an enrolment now must be its first and only agent audit event.
      expect((await enrol('004', second.publicKeyPem)).status).toBe(200);
      expect(await waitForAudits('004', 1)).toEqual([expect.objectContaining({ type: 'agent.enrolled', detail: { keyId: second.keyId } })]);
    });
  });

  describe('who may enrol and revoke', () => {
    it.each([
      ['a trigger token', 'trigger', '002'],
      ['a read token', 'read', '002'],
      ['an admin limited to agent 001', 'admin001', '002'],
    ] as const)('refuses %s with 403, and the key stays as it was', async (_what, token, agentId) => {
      expect((await enrol(agentId, first.publicKeyPem, token)).status).toBe(403);
      expect((await h.call('DELETE', `/agents/004/key`, { token })).status).toBe(403);
      expect(await h.agentKeys.get(agentId)).toBeNull();
      expect(await h.agentKeys.get('004')).not.toBeNull();
    });

    it('lets an admin limited to agent 001 enrol 001, and hides other agents from a scoped token', async () => {
      expect((await enrol('001', second.publicKeyPem, 'admin001')).body).toMatchObject({ keyId: second.keyId, enrolledBy: 'frank-admin-001' });
      expect((await h.call('GET', '/agents/004/key', { token: 'only001' })).status).toBe(403);
    });
  });

  describe('when an admin revokes an agent', () => {
    it('removes the key, answers what was removed, and audits agent.revoked', async () => {
      const before = (await waitForAudits('003', 1)).length;
      const res = await h.call('DELETE', '/agents/003/key', { token: 'admin' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ agentId: '003', keyId: first.keyId, revokedAt: new Date(h.clock.t).toISOString(), revokedBy: 'alice-admin' });
      expect(ControlApiV1.AgentKeyRevokedSchema.safeParse(res.body).success).toBe(true);
      expect(await h.agentKeys.get('003')).toBeNull();
      expect((await waitForAudits('003', before + 1))[before]).toEqual({ type: 'agent.revoked', at: h.clock.t, service: 'control-api', agentId: '003', actor: 'alice-admin', detail: { keyId: first.keyId } });
    });

    it('answers 404 when the agent has no key, for DELETE and GET alike', async () => {
      expect((await h.call('DELETE', '/agents/003/key', { token: 'admin' })).status).toBe(404);
      const res = await h.call('GET', '/agents/003/key', { token: 'read' });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('agent 003 has no enrolled key');
      expect((await h.call('GET', '/agents/x/key', { token: 'read' })).status).toBe(400);
    });
  });
});
