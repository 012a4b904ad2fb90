import { BusAdmin, type IncomingMessage } from '@riposte/bus';
import { HEADER, type Alert, type AuditEvent } from '@riposte/contracts';
import { RedisAgentKeyStore, RedisAgentRegistry, StoreKeys } from '@riposte/store';
import { anAlert, testAgentKey, TopicRecorder, waitFor } from '@riposte/testing';
import { aHeartbeat, MatcherWorld } from '../testing/matcher.harness';
import { smallConf } from '../testing/ossec-confs';

/** The registry writer (heartbeats → Redis) and the `all` location it serves (deviation e). */
describe('registry writer and all responses on the real broker and Redis', () => {
  const agents = ['000', '001', '002', '003', '004', '005', '006'];
  const world = new MatcherWorld(smallConf(), agents);
  let registry: RedisAgentRegistry;
  let rec: TopicRecorder;

  beforeAll(async () => {
    await world.connect();
    await world.start();
    registry = new RedisAgentRegistry(world.redis, new StoreKeys(world.redisPrefix));
    const t = world.topics;
    await new BusAdmin(world.kafka).ensureTopics(agents.map((id) => ({ topic: t.exec(id) })));
    rec = await new TopicRecorder(world.kafka, [t.audit, t.dlq(t.agents), ...agents.map((id) => t.exec(id))]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await world.close();
  });

  const commandsFor = (alert: Alert): IncomingMessage[] =>
    rec.messages.filter((m) => m.topic.startsWith(world.topics.execPrefix) && JSON.parse(m.value!.toString()).parameters.alert.id === alert.id);

  describe('when executors heartbeat on the agents topic', () => {
    it('writes them to the Redis registry', async () => {
      await world.publishHeartbeats([aHeartbeat('001'), aHeartbeat('002', { os: 'windows' })]);
      const ids = await waitFor(async () => {
        const active = await registry.activeAgentIds(Date.now());
        return active.includes('001') && active.includes('002') ? active : undefined;
      });
      expect(ids).toEqual(['001', '002']);
      expect(await registry.get('002', Date.now())).toMatchObject({ os: 'windows', active: true });
    });
  });

  /** Publishes `m` and returns its `heartbeat.rejected` audit, found by its message id, once its dead letter is out. */
  async function rejectedAudit(m: ReturnType<typeof world.heartbeatMessage>): Promise<AuditEvent> {
    const messageId = m.headers![HEADER.messageId];
    await world.producer.send([m]);
    await waitFor(() => rec.on(world.topics.dlq(world.topics.agents)).find((d) => d.headers[HEADER.messageId] === messageId), { message: `dead letter of ${messageId}` });
    return waitFor(() => rec.json<AuditEvent>(world.topics.audit).find((e) => e.type === 'heartbeat.rejected' && e.detail?.messageId === messageId), { message: `heartbeat.rejected of ${messageId}` });
  }
  /** Heartbeats of one agent are handled in order (one partition per key): once `witness` is recorded, the earlier ones are done. */
  async function recorded(witness: ReturnType<typeof aHeartbeat>): Promise<void> {
    await world.publishHeartbeats([witness]);
    await waitFor(async () => (await registry.get(witness.agentId, Date.now()))?.name === witness.name, { message: `heartbeat ${witness.name} recorded` });
  }

  describe('when a heartbeat is not signed by the key enrolled for the agent it names (issue 10)', () => {
    it("refuses agent 002 marking agent 001's active response disabled: audited, dead-lettered, 001 unchanged", async () => {
      await recorded(aHeartbeat('001', { name: 'own-1' }));
      const forged = aHeartbeat('001', { arDisabled: true, name: 'forged' });
      const byOther = await rejectedAudit(world.heartbeatMessage(forged, { by: world.keyOf('002') }));
      expect(byOther).toMatchObject({ service: 'matcher', agentId: '001', reason: 'wrong-agent', detail: expect.objectContaining({ keyId: world.keyOf('002').keyId, signedAgent: '002' }) });
      // 002's key claiming to be 001: the key is enrolled for 002 only.
      expect(await rejectedAudit(world.heartbeatMessage(forged, { by: world.keyOf('002'), asAgent: '001' }))).toMatchObject({ agentId: '001', reason: 'wrong-agent' });
      await recorded(aHeartbeat('001', { name: 'own-2' }));
      expect(await registry.get('001', Date.now())).toMatchObject({ name: 'own-2', arDisabled: false });
    });

    it('refuses an unsigned heartbeat and one signed by a key nobody enrolled', async () => {
      expect(await rejectedAudit(world.heartbeatMessage(aHeartbeat('003', { arDisabled: true }), { by: null }))).toMatchObject({ agentId: '003', reason: 'unsigned' });
      expect(await rejectedAudit(world.heartbeatMessage(aHeartbeat('003', { arDisabled: true }), { by: testAgentKey('003') }))).toMatchObject({ agentId: '003', reason: 'unknown-key' });
      expect((await registry.get('003', Date.now()))?.arDisabled ?? false).toBe(false);
    });

    it('refuses heartbeats of an agent that is not enrolled, so nobody can invent agents', async () => {
      const invented = aHeartbeat('7777', { ttlMs: Number.MAX_SAFE_INTEGER });
      expect(await rejectedAudit(world.heartbeatMessage(invented))).toMatchObject({ agentId: '7777', reason: 'unknown-key' });
      expect(await registry.get('7777', Date.now())).toBeNull();
      expect(await registry.activeAgentIds(Date.now())).not.toContain('7777');
    });
  });

  describe('when an enrolled agent claims the future or an endless TTL (issue 10)', () => {
    it('clamps at = 9e15 to the receive time, so its later heartbeats are still recorded', async () => {
      await world.publishHeartbeats([aHeartbeat('004', { at: 9e15, name: 'from-the-future' })]);
      await waitFor(async () => (await registry.get('004', Date.now()))?.name === 'from-the-future');
      expect((await registry.get('004', Date.now()))!.lastSeen).toBeLessThanOrEqual(Date.now());
      await recorded(aHeartbeat('004', { name: 'later' }));
      expect(await registry.get('004', Date.now())).toMatchObject({ name: 'later' });
    });

    it('caps the TTL at MATCHER_HEARTBEAT_MAX_TTL_MS (10 min by default)', async () => {
      const sent = Date.now();
      await recorded(aHeartbeat('004', { ttlMs: Number.MAX_SAFE_INTEGER, name: 'endless' }));
      expect(await registry.activeAgentIds(Date.now())).toContain('004');
      expect(await registry.activeAgentIds(sent + 10 * 60_000 + 60_000)).not.toContain('004');
      // Leave 004 as the all-response spec below expects it (stopping).
      await recorded(aHeartbeat('004', { status: 'stopping', name: 'stopped' }));
    });
  });

  describe('when a heartbeat breaks its contract', () => {
    it('sends it to the dead-letter topic with the reason', async () => {
      await world.producer.send([{ topic: world.topics.agents, key: '009', value: JSON.stringify({ agentId: '9', status: 'online' }) }]);
      const dead = await waitFor(() => rec.on(world.topics.dlq(world.topics.agents)).find((d) => d.key === '009'), { message: 'the dead letter of 009' });
      expect(dead.headers[HEADER.reason]).toMatch(/^invalid agent heartbeat: agentId: must be a Wazuh agent id/);
    });
  });

  describe('when an all response binds', () => {
    it('sends it to every active enrolled agent and to the manager, not to stopping, expired or revoked agents', async () => {
      await world.publishHeartbeats([aHeartbeat('003'), aHeartbeat('004', { status: 'stopping' }), aHeartbeat('005', { at: Date.now() - 120_000, ttlMs: 60_000 }), aHeartbeat('006')]);
      for (const id of ['003', '004', '005', '006']) await waitFor(async () => (await registry.get(id, Date.now())) !== null, { message: `${id} recorded` });
      // 006 is active in the registry, but its key was revoked: it gets no command.
      await new RedisAgentKeyStore(world.redis, new StoreKeys(world.redisPrefix)).revoke('006');

      const alert = anAlert({ agentId: '001', ruleId: '100003' });
      // The audit topic has one partition: once the sentinel's audit is recorded, every audit of the alert is too.
      const sentinel = anAlert({ agentId: '001' });
      await world.publishAlerts([alert, sentinel]);
      await waitFor(() => rec.json<AuditEvent>(world.topics.audit).some((e) => e.alertId === sentinel.id));
      const targets = rec.json<AuditEvent>(world.topics.audit).filter((e) => e.alertId === alert.id && e.type === 'alert.dispatched').map((e) => e.agentId);
      expect(targets).toEqual(['000', '001', '002', '003']);

      const cmds = await waitFor(() => (commandsFor(alert).length >= 4 ? commandsFor(alert) : undefined));
      expect(cmds.map((m) => m.topic).sort()).toEqual(targets.map((id) => world.topics.exec(id!)));
      expect(new Set(cmds.map((m) => m.value!.toString())).size).toBe(1);
      expect(JSON.parse(cmds[0].value!.toString()).command).toBe('restart-wazuh0');
    });
  });
});
