import { generateKeyPairSync } from 'node:crypto';
import { HEADER, toHeaders } from '../envelope';
import { TYPE_ADD } from '../exec-command.v1';
import { topicsFor } from '../topics';
import { everyByteFlipped, oneCharChanged } from '../testing/tampering';
import { signAgentOutgoing, verifyAgentMessage, type AgentKey, type AgentMessage, type AgentVerifyOptions } from './agent-signature';
import { signCommand } from './command-signature';
import { SIGNATURE_HEADER } from './signature-headers';
import { keyIdOf } from './signing-keys';

const NOW = 1_765_000_000_000;
const topics = topicsFor('agentsig');
const agent1 = generateKeyPairSync('ed25519');
const agent2 = generateKeyPairSync('ed25519');
const ID1 = keyIdOf(agent1.publicKey);
const ID2 = keyIdOf(agent2.publicKey);
const agentKeys = new Map<string, AgentKey>([
  [ID1, { agentId: '001', key: agent1.publicKey }],
  [ID2, { agentId: '002', key: agent2.publicKey }],
]);

function heartbeat(agentId = '001'): AgentMessage {
  const value = JSON.stringify({ agentId, name: 'web-1', os: 'linux', version: '0.1.0', status: 'online', arDisabled: false, at: NOW, ttlMs: 30_000 });
  return { topic: topics.agents, key: agentId, headers: toHeaders({ messageId: `hb-${agentId}-1`, issuedAt: NOW, expiresAt: NOW + 30_000, traceId: 't-hb', type: 'agent.heartbeat' }), value: Buffer.from(value) };
}

function timerRequest(): AgentMessage {
  const value = JSON.stringify({ type: 'schedule', agentId: '001', rkey: 'firewall-drop600-203.0.113.7', arName: 'firewall-drop600', keys: ['203.0.113.7'], addedAt: NOW, timeoutSeconds: 600, trigger: { ruleId: '5763' } });
  return { topic: topics.timers, key: '001', headers: toHeaders({ messageId: 'tr-1', issuedAt: NOW, traceId: 't-alert', type: 'timer.schedule' }), value: Buffer.from(value) };
}

const signedBy = (m: AgentMessage, agentId = '001', key = agent1.privateKey, keyId = ID1): AgentMessage => ({ ...m, headers: signAgentOutgoing(m, agentId, key, keyId) });
const options = (over: Partial<AgentVerifyOptions> = {}): AgentVerifyOptions => ({ agentKeys, now: NOW, skewMs: 2_000, ...over });

describe('verifyAgentMessage', () => {
  it('accepts a heartbeat signed by the agent it names and returns that agent', () => {
    expect(verifyAgentMessage(signedBy(heartbeat()), options())).toEqual({ ok: true, keyId: ID1, agentId: '001', type: 'agent.heartbeat', messageId: 'hb-001-1', issuedAt: NOW, expiresAt: NOW + 30_000, rememberUntil: NOW + 32_000 });
  });

  it('accepts a timer request (no expiry), remembered for the retention', () => {
    expect(verifyAgentMessage(signedBy(timerRequest()), options({ retainUnexpiringMs: 10 }))).toMatchObject({ ok: true, agentId: '001', type: 'timer.schedule', rememberUntil: NOW + 10 + 2_000 });
  });

  it.each([HEADER.messageId, HEADER.issuedAt, HEADER.expiresAt, HEADER.traceId, HEADER.type, SIGNATURE_HEADER.agent, SIGNATURE_HEADER.topic])('refuses header %s changed by one character anywhere', (name) => {
    const m = signedBy(heartbeat());
    const text = m.headers[name];
    for (let at = 0; at < text.length; at++) {
      const headers = { ...m.headers, [name]: oneCharChanged(text, at) };
      expect(verifyAgentMessage({ ...m, headers }, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses the body with any byte flipped', () => {
    const m = signedBy(timerRequest());
    const body = m.value as Buffer;
    for (const tampered of everyByteFlipped(body, 0x20)) {
      expect(verifyAgentMessage({ ...m, value: tampered }, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses agent 002 speaking as 001 with its own key (key registered to another agent)', () => {
    expect(verifyAgentMessage(signedBy(heartbeat('001'), '001', agent2.privateKey, ID2), options())).toMatchObject({ ok: false, reason: 'wrong-agent', detail: expect.stringContaining("belongs to agent '002'") });
  });

  it('refuses a message keyed by another agent than the one that signed', () => {
    expect(verifyAgentMessage({ ...signedBy(heartbeat()), key: '002' }, options())).toMatchObject({ ok: false, reason: 'wrong-agent' });
  });

  it('refuses a heartbeat replayed onto the timers topic', () => {
    expect(verifyAgentMessage({ ...signedBy(heartbeat()), topic: topics.timers }, options())).toMatchObject({ ok: false, reason: 'wrong-topic' });
  });

  it('refuses an expired heartbeat and one from the future beyond the skew', () => {
    const m = signedBy(heartbeat());
    expect(verifyAgentMessage(m, options({ now: NOW + 32_001 }))).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyAgentMessage(m, options({ now: NOW - 2_001 }))).toMatchObject({ ok: false, reason: 'not-yet-valid' });
  });

  it('refuses a replay when a memory is given, and does not look when none is', () => {
    const m = signedBy(timerRequest());
    expect(verifyAgentMessage(m, options({ seen: (id) => id === 'tr-1' }))).toMatchObject({ ok: false, reason: 'replayed' });
    expect(verifyAgentMessage(m, options()).ok).toBe(true);
  });

  it('refuses unknown keys and unsigned messages', () => {
    expect(verifyAgentMessage(signedBy(heartbeat()), options({ agentKeys: new Map() }))).toMatchObject({ ok: false, reason: 'unknown-key' });
    expect(verifyAgentMessage(heartbeat(), options())).toMatchObject({ ok: false, reason: 'unsigned' });
  });

  it('refuses a command signature over the same content (domain separation)', () => {
    const m = heartbeat();
    const asCommand = signCommand({ agentId: '001', topic: m.topic, type: TYPE_ADD, messageId: 'hb-001-1', issuedAt: NOW, expiresAt: NOW + 30_000, traceId: 't-hb', body: m.value as Buffer }, agent1.privateKey, ID1);
    expect(verifyAgentMessage({ ...m, headers: { ...m.headers, [HEADER.type]: TYPE_ADD, ...asCommand } }, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('accepts both keys of an agent during a rotation', () => {
    const next = generateKeyPairSync('ed25519');
    const rotated = new Map(agentKeys).set('001-2027', { agentId: '001', key: next.publicKey });
    expect(verifyAgentMessage(signedBy(heartbeat(), '001', next.privateKey, '001-2027'), options({ agentKeys: rotated })).ok).toBe(true);
    expect(verifyAgentMessage(signedBy(heartbeat()), options({ agentKeys: rotated })).ok).toBe(true);
  });
});
