import { generateKeyPairSync } from 'node:crypto';
import { toHeaders } from '../envelope';
import { topicsFor } from '../topics';
import { signAgentOutgoing, type AgentKey, type AgentMessage } from './agent-signature';
import { verifyAgentSpeaksFor } from './agent-speaks-for';
import { keyIdOf } from './signing-keys';

const NOW = 1_765_000_000_000;
const topics = topicsFor('speaks');
const agent2 = generateKeyPairSync('ed25519');
const ID2 = keyIdOf(agent2.publicKey);
const agentKeys = new Map<string, AgentKey>([[ID2, { agentId: '002', key: agent2.publicKey }]]);

/** A schedule naming `bodyAgent`, signed by agent 002 with its enrolled key. */
function scheduleBy002(bodyAgent: string): AgentMessage {
  const m: AgentMessage = {
    topic: topics.timers,
    key: '002',
    headers: toHeaders({ messageId: `tr-${bodyAgent}`, issuedAt: NOW, traceId: 't', type: 'timer.schedule' }),
    value: Buffer.from(JSON.stringify({ type: 'schedule', agentId: bodyAgent, rkey: 'k' })),
  };
  return { ...m, headers: signAgentOutgoing(m, '002', agent2.privateKey, ID2) };
}

describe('verifyAgentSpeaksFor', () => {
  it('accepts a message whose body names the signing agent', () => {
    expect(verifyAgentSpeaksFor(scheduleBy002('002'), '002', { agentKeys, now: NOW, skewMs: 0 })).toMatchObject({ ok: true, agentId: '002' });
  });

  it("refuses agent 002's valid signature over a body that speaks for 001 (wrong-agent)", () => {
    expect(verifyAgentSpeaksFor(scheduleBy002('001'), '001', { agentKeys, now: NOW, skewMs: 0 })).toMatchObject({ ok: false, reason: 'wrong-agent', detail: expect.stringContaining("'001'") });
  });

  it('passes the signature failures through (unknown key when nothing is enrolled)', () => {
    expect(verifyAgentSpeaksFor(scheduleBy002('002'), '002', { agentKeys: new Map(), now: NOW, skewMs: 0 })).toMatchObject({ ok: false, reason: 'unknown-key' });
  });
});
