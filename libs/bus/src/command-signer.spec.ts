import { auditMessage, buildDeleteMessages, createEnvelope, ExecCommandV1, generateKeyPairPem, InvariantViolation, parsePrivateKeyPem, parsePublicKeyPem, SIGNATURE_HEADER, topicsFor, verifyCommand, withEnvelope, type OutgoingMessage, type Schedule } from '@riposte/contracts';
import { encodeValue } from './bus-producer';
import { createCommandSigner } from './command-signer';

const pair = generateKeyPairPem();
const key = { keyId: pair.keyId, privateKey: parsePrivateKeyPem(pair.privateKeyPem) };
const trustedKeys = new Map([[pair.keyId, parsePublicKeyPem(pair.publicKeyPem)]]);
const topics = topicsFor('signer');
const now = 1_800_000_000_000;
const signer = createCommandSigner(key, topics);

function anAdd(agentId = '001', value: unknown = { version: 1, command: 'add', parameters: { alert: { data: { srcip: 'é.1' } } } }): OutgoingMessage {
  const envelope = createEnvelope({ now, type: ExecCommandV1.TYPE_ADD, ttlMs: 60_000 });
  return withEnvelope(topics.exec(agentId), agentId, value, envelope, ExecCommandV1.resolutionHeader({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600 }));
}

/** What the executor sees: the bytes the producer sends. */
function received(m: OutgoingMessage, topic = m.topic) {
  const sent = encodeValue(m.value);
  return { topic, headers: m.headers ?? {}, value: Buffer.isBuffer(sent) ? sent : Buffer.from(sent) };
}

const verify = (m: ReturnType<typeof received>, agentId = '001') => verifyCommand(m, { agentId, trustedKeys, now, skewMs: 0, seen: () => false });

describe('createCommandSigner', () => {
  it('signs an add over the JSON bytes the producer sends, as a Buffer it will not re-encode', () => {
    const add = anAdd();
    const [signed] = signer.sign([add]);
    expect(Buffer.isBuffer(signed.value)).toBe(true);
    expect((signed.value as Buffer).equals(Buffer.from(JSON.stringify(add.value), 'utf8'))).toBe(true);
    expect(encodeValue(signed.value)).toBe(signed.value);
    expect(signed.headers).toMatchObject({ ...add.headers, [SIGNATURE_HEADER.keyId]: pair.keyId, [SIGNATURE_HEADER.agent]: '001', [SIGNATURE_HEADER.topic]: topics.exec('001') });
    expect(verify(received(signed))).toMatchObject({ ok: true, keyId: pair.keyId, type: ExecCommandV1.TYPE_ADD });
  });

  it('signs a string value as its UTF-8 bytes', () => {
    const [signed] = signer.sign([anAdd('001', '{"version":1,"note":"ü"}')]);
    expect((signed.value as Buffer).toString('utf8')).toBe('{"version":1,"note":"ü"}');
    expect(verify(received(signed)).ok).toBe(true);
  });

  it('binds the signature to the agent of the topic', () => {
    const [signed] = signer.sign([anAdd('002')]);
    expect(verify(received(signed), '002').ok).toBe(true);
    expect(verify(received(signed, topics.exec('001')))).toMatchObject({ ok: false, reason: 'wrong-agent' });
  });

  it('signs a delete with the generation of the add it undoes', () => {
    const schedule: Schedule = {
      type: 'schedule',
      agentId: '001',
      rkey: 'firewall-drop-1.2.3.4',
      arName: 'firewall-drop600',
      deleteMessage: { version: 1, origin: { name: 'node01', module: 'wazuh-execd' }, command: 'delete', parameters: { extra_args: [], alert: {} } },
      keys: ['1.2.3.4'],
      addedAt: now - 600_000,
      timeoutSeconds: 600,
      trigger: {},
    };
    const [del, audit] = signer.sign(buildDeleteMessages({ schedule, traceId: 't' }, now, topics));
    expect(verify(received(del))).toMatchObject({ ok: true, type: ExecCommandV1.TYPE_DELETE, generation: now - 600_000 });
    expect(audit.headers).not.toHaveProperty(SIGNATURE_HEADER.signature);
  });

  it('leaves messages to other topics as they are', () => {
    const audit = auditMessage(topics, { type: 'alert.dispatched', at: now, service: 'matcher' }, { traceId: 't' });
    expect(signer.sign([audit])[0]).toBe(audit);
  });

  it('refuses to sign a delete without a generation', () => {
    const envelope = createEnvelope({ now, type: ExecCommandV1.TYPE_DELETE });
    const del = withEnvelope(topics.exec('001'), '001', { version: 1, command: 'delete' }, envelope, { [ExecCommandV1.EXEC_HEADER.rkey]: 'k' });
    expect(() => signer.sign([del])).toThrow(InvariantViolation);
  });
});
