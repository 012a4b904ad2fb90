import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parsePublicKeyPem, SIGNATURE_HEADER, keyIdOf, verifyAgentMessage, type AgentKey } from '@riposte/contracts';
import { requireKafka, TopicRecorder, testAgentKey, waitFor } from '@riposte/testing';
import { addCommand, alertFor, useExecutorFixture } from '../testing/executor-harness';
import { AGENT_KEY_FILE } from '../env';

const AGENT = '001';
const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };

/** Issue 10 Deliver 2: each executor has its own key and signs its heartbeats and timer requests with it. */
describe('executor: agent identity on the real broker', () => {
  describe('when started without a key', () => {
    const fx = useExecutorFixture({ agentId: AGENT, scripts: { 'rec-stateful': 'stateful' }, extra: { EXECUTOR_DRY_RUN: 'true' } });
    let agents: TopicRecorder;
    const keyFile = () => path.join(fx.home, AGENT_KEY_FILE);
    const enrolled = (): Map<string, AgentKey> => {
      const key = parsePublicKeyPem(readFileSync(`${keyFile()}.pub`, 'utf8'));
      return new Map([[keyIdOf(key), { agentId: AGENT, key }]]);
    };

    beforeAll(async () => {
      agents = await new TopicRecorder(await requireKafka(), [fx.topics.agents]).start();
    });
    afterAll(() => agents?.stop());

    it('creates <home>/etc/riposte-agent.key with mode 0600 and its public half beside it', () => {
      expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
      expect(readFileSync(`${keyFile()}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    });

    it('signs its heartbeats with that key, for its own agent id', async () => {
      const [hb] = await agents.waitForCount(1, fx.topics.agents);
      expect(verifyAgentMessage(hb, { agentKeys: enrolled(), now: Date.now(), skewMs: 30_000 })).toMatchObject({ ok: true, agentId: AGENT, type: 'agent.heartbeat' });
      expect(JSON.parse(hb.value!.toString()).agentId).toBe(AGENT);
    });

    it('signs its timer requests with that key', async () => {
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.9.0.1'), resolution: stateful })]);
      const request = await waitFor(() => fx.rec.on(fx.topics.timers).find((m) => JSON.parse(m.value!.toString()).rkey === 'rec-stateful-10.9.0.1'), { message: 'the timer request' });
      expect(verifyAgentMessage(request, { agentKeys: enrolled(), now: Date.now(), skewMs: 30_000 })).toMatchObject({ ok: true, agentId: AGENT, type: 'timer.schedule' });
      // Audit events are not signed: only what the central services act on.
      expect(fx.rec.on(fx.topics.audit).every((m) => m.headers[SIGNATURE_HEADER.signature] === undefined)).toBe(true);
    });
  });

  describe('when EXECUTOR_KEY_FILE names an existing key', () => {
    const key = testAgentKey(AGENT);
    const fx = useExecutorFixture({ agentId: AGENT, scripts: {}, extra: { EXECUTOR_KEY_FILE: key.privateKeyFile } });
    let agents: TopicRecorder;

    beforeAll(async () => {
      agents = await new TopicRecorder(await requireKafka(), [fx.topics.agents]).start();
    });
    afterAll(() => agents?.stop());

    it('signs with it', async () => {
      const [hb] = await agents.waitForCount(1, fx.topics.agents);
      expect(hb.headers[SIGNATURE_HEADER.keyId]).toBe(key.keyId);
      expect(verifyAgentMessage(hb, { agentKeys: new Map([[key.keyId, { agentId: AGENT, key: key.publicKey }]]), now: Date.now(), skewMs: 30_000 })).toMatchObject({ ok: true });
    });
  });
});
