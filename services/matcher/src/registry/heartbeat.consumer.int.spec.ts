import { BusAdmin, type IncomingMessage } from '@riposte/bus';
import { HEADER, type Alert, type AuditEvent } from '@riposte/contracts';
import { RedisAgentRegistry, StoreKeys } from '@riposte/store';
import { anAlert, TopicRecorder, waitFor } from '@riposte/testing';
import { aHeartbeat, MatcherWorld } from '../testing/matcher.harness';
import { smallConf } from '../testing/ossec-confs';

/** The registry writer (heartbeats → Redis) and the `all` location it serves (deviation e). */
describe('registry writer and all responses on the real broker and Redis', () => {
  const world = new MatcherWorld(smallConf());
  const agents = ['000', '001', '002', '003', '004', '005'];
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

  describe('when a heartbeat breaks its contract', () => {
    it('sends it to the dead-letter topic with the reason', async () => {
      await world.producer.send([{ topic: world.topics.agents, key: '009', value: JSON.stringify({ agentId: '9', status: 'online' }) }]);
      const [dead] = await rec.waitForCount(1, world.topics.dlq(world.topics.agents));
      expect(dead.headers[HEADER.reason]).toMatch(/^invalid agent heartbeat: agentId: must be a Wazuh agent id/);
    });
  });

  describe('when an all response binds', () => {
    it('sends it to every active agent and to the manager, not to stopping or expired agents', async () => {
      // One partition: once 005 is recorded, 003 and 004 are too.
      await world.publishHeartbeats([aHeartbeat('003'), aHeartbeat('004', { status: 'stopping' }), aHeartbeat('005', { at: Date.now() - 120_000, ttlMs: 60_000 })]);
      await waitFor(async () => (await registry.get('005', Date.now())) !== null);

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
