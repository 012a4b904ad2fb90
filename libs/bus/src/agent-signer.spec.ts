import { auditMessage, createEnvelope, generateKeyPairPem, parsePrivateKeyPem, parsePublicKeyPem, SIGNATURE_HEADER, topicsFor, verifyAgentMessage, withEnvelope, ConfigError, ContractViolationError, type OutgoingMessage } from '@riposte/contracts';
import { agentIdentityFromEnv } from './agent-identity-env';
import { createAgentSigner } from './agent-signer';
import { encodeValue } from './bus-producer';

const pair = generateKeyPairPem();
const key = { keyId: pair.keyId, privateKey: parsePrivateKeyPem(pair.privateKeyPem) };
const agentKeys = new Map([[pair.keyId, { agentId: '001', key: parsePublicKeyPem(pair.publicKeyPem) }]]);
const topics = topicsFor('agentsigner');
const now = 1_800_000_000_000;
const signer = createAgentSigner('001', key, topics);

const heartbeat = (): OutgoingMessage => withEnvelope(topics.agents, '001', { agentId: '001', at: now, ttlMs: 15_000 }, createEnvelope({ now, type: 'agent.heartbeat', ttlMs: 15_000 }));
const schedule = (): OutgoingMessage => withEnvelope(topics.timers, '001', { type: 'schedule', agentId: '001', rkey: 'é' }, createEnvelope({ now, type: 'timer.schedule' }));
const received = (m: OutgoingMessage) => ({ topic: m.topic, key: m.key, headers: m.headers ?? {}, value: encodeValue(m.value) as Buffer });

describe('createAgentSigner', () => {
  it.each([['heartbeat', heartbeat], ['timer request', schedule]])('signs a %s over the bytes the producer sends, for its own agent', (_, build) => {
    const m = build();
    const [signed] = signer.sign([m]);
    expect(Buffer.isBuffer(signed.value)).toBe(true);
    expect((signed.value as Buffer).equals(Buffer.from(JSON.stringify(m.value), 'utf8'))).toBe(true);
    expect(signed.headers).toMatchObject({ ...m.headers, [SIGNATURE_HEADER.keyId]: pair.keyId, [SIGNATURE_HEADER.agent]: '001', [SIGNATURE_HEADER.topic]: m.topic });
    expect(verifyAgentMessage(received(signed), { agentKeys, now, skewMs: 0 })).toMatchObject({ ok: true, agentId: '001', keyId: pair.keyId });
  });

  it('leaves audit events as they are', () => {
    const audit = auditMessage(topics, { type: 'script.ended', at: now, service: 'executor' }, { traceId: 't' });
    expect(signer.sign([audit])[0]).toBe(audit);
    expect(signer).toMatchObject({ agentId: '001', keyId: pair.keyId });
  });

  it('refuses a message without envelope headers', () => {
    expect(() => signer.sign([{ topic: topics.timers, key: '001', value: {} }])).toThrow(ContractViolationError);
  });
});

describe('agentIdentityFromEnv', () => {
  it('defaults to a 5 s refresh and 30 s of skew', () => {
    expect(agentIdentityFromEnv({}, 'MATCHER')).toEqual({ enrolmentRefreshMs: 5000, agentClockSkewMs: 30_000 });
  });

  it("reads RIPOSTE_ENROLMENT_REFRESH_MS and the service's own skew variable", () => {
    expect(agentIdentityFromEnv({ RIPOSTE_ENROLMENT_REFRESH_MS: '0', SCHEDULER_AGENT_CLOCK_SKEW_MS: '10', MATCHER_AGENT_CLOCK_SKEW_MS: '99' }, 'SCHEDULER')).toEqual({ enrolmentRefreshMs: 0, agentClockSkewMs: 10 });
  });

  it.each([[{ RIPOSTE_ENROLMENT_REFRESH_MS: 'soon' }, /RIPOSTE_ENROLMENT_REFRESH_MS/], [{ MATCHER_AGENT_CLOCK_SKEW_MS: '-1' }, /MATCHER_AGENT_CLOCK_SKEW_MS/]])('refuses %p', (env, message) => {
    expect(() => agentIdentityFromEnv(env, 'MATCHER')).toThrow(ConfigError);
    expect(() => agentIdentityFromEnv(env, 'MATCHER')).toThrow(message);
  });
});
