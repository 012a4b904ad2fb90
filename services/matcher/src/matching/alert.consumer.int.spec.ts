import { BusAdmin, type IncomingMessage } from '@riposte/bus';
import { ExecCommandV1, HEADER, SIGNATURE_HEADER, toHeaders, type Alert, type AuditEvent } from '@riposte/contracts';
import { RedisAgentKeyStore, StoreKeys } from '@riposte/store';
import { anAlert, sshdBruteForceAlert, TopicRecorder, verifyAsExecutor, waitFor, withOneByteChanged } from '@riposte/testing';
import { anEnvelope, MatcherWorld, type RunningMatcher } from '../testing/matcher.harness';
import { RESPONSES, serverConf } from '../testing/ossec-confs';

/** Spec §1.2 "Where an AR runs" and §3.1, through the real broker: Wazuh's shipped manager conf plus four responses. */
describe('matcher on the real broker', () => {
  const world = new MatcherWorld(serverConf(RESPONSES));
  let matcher: RunningMatcher;
  let rec: TopicRecorder;

  beforeAll(async () => {
    await world.connect();
    matcher = await world.start();
    const t = world.topics;
    // The recorder must subscribe to existing topics; the matcher creates the others itself (see "when the agent is new").
    await new BusAdmin(world.kafka).ensureTopics(['000', '001', '002'].map((id) => ({ topic: t.exec(id) })));
    rec = await new TopicRecorder(world.kafka, [t.audit, t.dlq(t.alerts), ...['000', '001', '002'].map((id) => t.exec(id))]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await world.close();
  });

  const commandsFor = (alertId: string | undefined): IncomingMessage[] =>
    rec.messages.filter((m) => m.topic.startsWith(world.topics.execPrefix) && JSON.parse(m.value!.toString()).parameters.alert.id === alertId);
  const auditsFor = (alertId: string | undefined): AuditEvent[] => rec.json<AuditEvent>(world.topics.audit).filter((e) => e.alertId === alertId);
  const waitForCommands = (alert: Alert, n = 1) =>
    waitFor(() => (commandsFor(alert.id).length >= n ? commandsFor(alert.id) : undefined), { timeoutMs: 20000, message: `command(s) for alert ${alert.id}` });
  const waitForAudit = (alert: Alert, type: AuditEvent['type']) =>
    waitFor(() => auditsFor(alert.id).find((e) => e.type === type), { timeoutMs: 20000, message: `${type} for alert ${alert.id}` });

  describe('when a local response binds to an alert of agent 001', () => {
    it('sends the exact Wazuh AR message v1 to agent 001, with the same trace id and the resolution', async () => {
      const alert = { ...sshdBruteForceAlert(), id: `${Date.now()}.1`, agent: { id: '001', name: 'web-1' } } as Alert;
      const [envelope] = await world.publishAlerts([alert]);
      const [cmd] = await waitForCommands(alert);

      expect(cmd.topic).toBe(world.topics.exec('001'));
      expect(cmd.key).toBe('001');
      expect(cmd.value!.toString()).toBe(
        `{"version":1,"origin":{"name":"undefined","module":"wazuh-analysisd"},"command":"firewall-drop600","parameters":{"extra_args":[],"alert":${JSON.stringify(alert)}}}`,
      );
      expect(cmd.headers[HEADER.traceId]).toBe(envelope.traceId);
      expect(cmd.headers[HEADER.type]).toBe(ExecCommandV1.TYPE_ADD);
      expect(cmd.headers[HEADER.expiresAt]).toBe(String(envelope.expiresAt));
      expect(cmd.headers[HEADER.messageId]).not.toBe(envelope.messageId);
      expect(ExecCommandV1.readResolution(cmd.headers)).toEqual({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600 });

      const dispatched = await waitForAudit(alert, 'alert.dispatched');
      expect(dispatched).toMatchObject({ ruleId: '5712', agentId: '001', arName: 'firewall-drop600', detail: { target: '001', location: 'local' } });
      expect(rec.on(world.topics.audit).find((m) => (JSON.parse(m.value!.toString()) as AuditEvent).alertId === alert.id)?.headers[HEADER.traceId]).toBe(envelope.traceId);
    });
  });

  describe('when it sends a command', () => {
    it('signs it with the issuer key, over the bytes on the topic, for the target agent only', async () => {
      const alert = anAlert({ agentId: '001', ruleId: '100002' });
      await world.publishAlerts([alert]);
      const [cmd] = await waitForCommands(alert);
      expect(cmd.headers[SIGNATURE_HEADER.keyId]).toBe(world.issuer.keyId);
      expect(verifyAsExecutor(cmd, world.issuer, '002')).toMatchObject({ ok: true, keyId: world.issuer.keyId, type: ExecCommandV1.TYPE_ADD, messageId: cmd.headers[HEADER.messageId] });
      expect(verifyAsExecutor(cmd, world.issuer, '001')).toMatchObject({ ok: false, reason: 'wrong-agent' });
      expect(verifyAsExecutor(withOneByteChanged(cmd, cmd.value!.length - 3), world.issuer, '002')).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('signs no audit event', async () => {
      const alert = anAlert({ agentId: '001' });
      await world.publishAlerts([alert]);
      await waitForAudit(alert, 'alert.dispatched');
      const audits = rec.on(world.topics.audit).filter((m) => (JSON.parse(m.value!.toString()) as AuditEvent).alertId === alert.id);
      expect(audits.map((m) => m.headers[SIGNATURE_HEADER.signature])).toEqual(audits.map(() => undefined));
    });
  });

  describe('when a local response binds to an alert of the manager (000)', () => {
    it('runs it on the manager', async () => {
      const alert = anAlert({ agentId: '000' });
      await world.publishAlerts([alert]);
      expect((await waitForCommands(alert)).map((m) => m.topic)).toEqual([world.topics.exec('000')]);
    });
  });

  describe('when a server response binds', () => {
    it('sends it to 000 whatever agent the alert came from', async () => {
      const alert = anAlert({ agentId: '001', ruleId: '100001' });
      await world.publishAlerts([alert]);
      const [cmd] = await waitForCommands(alert);
      expect(cmd.topic).toBe(world.topics.exec('000'));
      expect(JSON.parse(cmd.value!.toString())).toMatchObject({ command: 'host-deny60', parameters: { extra_args: [] } });
      expect(ExecCommandV1.readResolution(cmd.headers)).toEqual({ arName: 'host-deny60', executable: 'host-deny', timeoutSeconds: 60 });
    });
  });

  describe('when a defined-agent response binds', () => {
    it('sends it to the agent the block names (002), not the alert agent', async () => {
      const alert = anAlert({ agentId: '001', ruleId: '100002' });
      await world.publishAlerts([alert]);
      const [cmd] = await waitForCommands(alert);
      expect(cmd.topic).toBe(world.topics.exec('002'));
      expect(cmd.key).toBe('002');
      expect(JSON.parse(cmd.value!.toString()).command).toBe('route-null0');
    });
  });

  describe('when the srcip is white-listed (10.0.0.2 in the shipped conf)', () => {
    it('audits alert.suppressed and sends no command', async () => {
      const listed = anAlert({ agentId: '001', srcip: '10.0.0.2' });
      // Same key, same partition, handled in order: once the sentinel's command is out, the listed one is done.
      const sentinel = anAlert({ agentId: '001' });
      await world.publishAlerts([listed, sentinel]);
      await waitForCommands(sentinel);
      expect(await waitForAudit(listed, 'alert.suppressed')).toMatchObject({ reason: 'whitelisted', arName: 'firewall-drop600', agentId: '001' });
      expect(commandsFor(listed.id)).toEqual([]);
      expect(auditsFor(listed.id).map((e) => e.type)).toEqual(['alert.suppressed']);
    });
  });

  describe('when the alert envelope has expired', () => {
    it('audits command.skipped (expired) and sends no command', async () => {
      const stale = anAlert({ agentId: '001' });
      const sentinel = anAlert({ agentId: '001' });
      await world.publishAlerts([stale, sentinel], (a) => (a === stale ? anEnvelope({ now: Date.now() - 120_000, ttlMs: 60_000 }) : anEnvelope()));
      await waitForCommands(sentinel);
      expect(await waitForAudit(stale, 'command.skipped')).toMatchObject({ reason: 'expired', agentId: '001' });
      expect(commandsFor(stale.id)).toEqual([]);
    });
  });

  describe('when no response binds', () => {
    it('publishes nothing for it (alert.unmatched is off by default)', async () => {
      const unbound = anAlert({ agentId: '001', ruleId: '1' });
      const sentinel = anAlert({ agentId: '001' });
      await world.publishAlerts([unbound, sentinel]);
      await waitForCommands(sentinel);
      expect(auditsFor(unbound.id)).toEqual([]);
      expect(commandsFor(unbound.id)).toEqual([]);
    });
  });

  describe('when an alert breaks its contract', () => {
    it('sends it to the dead-letter topic with the reason, and goes on', async () => {
      const t = world.topics;
      const headers = toHeaders(anEnvelope());
      await world.producer.send([
        { topic: t.alerts, key: '001', value: '{"rule":{"id":"5712","level":"ten"},"agent":{"id":"001"}}', headers },
        { topic: t.alerts, key: '001', value: 'not json', headers },
        { topic: t.alerts, key: '001', value: JSON.stringify(anAlert({ agentId: '001' })) },
      ]);
      const dead = await rec.waitForCount(3, t.dlq(t.alerts));
      const reasons = dead.map((m) => m.headers[HEADER.reason]);
      expect(reasons[0]).toMatch(/^invalid alert: rule.level: Expected number, received string/);
      expect(reasons[1]).toMatch(/^invalid alert: not JSON/);
      expect(reasons[2]).toBe(`missing header ${HEADER.messageId}`);
      expect(dead.map((m) => m.headers[HEADER.sourceTopic])).toEqual([t.alerts, t.alerts, t.alerts]);
      const after = anAlert({ agentId: '001' });
      await world.publishAlerts([after]);
      await waitForCommands(after);
    });
  });

  describe('when the agent is new (just enrolled)', () => {
    it('creates its command topic (one partition) on the first dispatch', async () => {
      const alert = anAlert({ agentId: '042' });
      const topic = world.topics.exec('042');
      const admin = new BusAdmin(world.kafka);
      expect(await admin.listTopics()).not.toContain(topic);
      await world.enrol(['042']);
      await world.publishAlerts([alert]);
      await waitForAudit(alert, 'alert.dispatched');
      expect(await admin.partitionCount(topic)).toBe(1);
      const own = await new TopicRecorder(world.kafka, [topic]).start();
      try {
        const [cmd] = await own.waitForCount(1);
        expect(JSON.parse(cmd.value!.toString()).parameters.alert.id).toBe(alert.id);
      } finally {
        await own.stop();
      }
    });
  });

  describe('when the target agent is not enrolled (issue 10: any agent id got a topic on first use)', () => {
    it('audits alert.unknown-agent, sends no command and creates no topic', async () => {
      const alert = anAlert({ agentId: '43210' });
      await world.publishAlerts([alert]);
      expect(await waitForAudit(alert, 'alert.unknown-agent')).toMatchObject({ agentId: '43210', arName: 'firewall-drop600', reason: 'not enrolled' });
      expect(auditsFor(alert.id).map((e) => e.type)).toEqual(['alert.unknown-agent']);
      // The audit goes out after the topics of the commands were ensured: none was.
      expect(await new BusAdmin(world.kafka).listTopics()).not.toContain(world.topics.exec('43210'));
    });

    it('does not send to the manager 000 without a key either', async () => {
      await new RedisAgentKeyStore(world.redis, new StoreKeys(world.redisPrefix)).revoke('000');
      try {
        const alert = anAlert({ agentId: '001', ruleId: '100001' });
        await world.publishAlerts([alert]);
        expect(await waitForAudit(alert, 'alert.unknown-agent')).toMatchObject({ agentId: '000', arName: 'host-deny60' });
        expect(commandsFor(alert.id)).toEqual([]);
      } finally {
        await world.enrol(['000']);
      }
    });
  });

  describe('GET /health and GET /metrics', () => {
    it('reports Kafka, Redis and the loaded policy', async () => {
      const res = await fetch(`${matcher.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', kafka: { ok: true }, redis: { ok: true }, policy: { loaded: true, source: world.confPath, responses: 4 } });
    });

    it('counts alerts, dispatches by response and suppressions by reason', async () => {
      const alert = anAlert({ agentId: '001', srcip: '10.0.0.2' });
      await world.publishAlerts([alert]);
      await waitForAudit(alert, 'alert.suppressed');
      const text = await (await fetch(`${matcher.url}/metrics`)).text();
      expect(text).toMatch(/riposte_matcher_alerts_total [1-9]/);
      expect(text).toMatch(/riposte_matcher_dispatches_total\{response="firewall-drop600"\} [1-9]/);
      expect(text).toMatch(/riposte_matcher_suppressions_total\{reason="whitelisted"\} [1-9]/);
    });
  });
});
