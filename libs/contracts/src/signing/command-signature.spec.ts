import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ContractViolationError } from '../errors';
import { HEADER, toHeaders, type Headers } from '../envelope';
import { EXEC_HEADER, resolutionHeader, TYPE_ADD, TYPE_DELETE } from '../exec-command.v1';
import { topicsFor } from '../topics';
import { everyByteFlipped, oneCharChanged } from '../testing/tampering';
import { signAgentMessage } from './agent-signature';
import { signCommand, signCommandOutgoing, verifyCommand, type CommandMessage, type CommandVerifyOptions } from './command-signature';
import { SIGNATURE_HEADER } from './signature-headers';
import { keyIdOf } from './signing-keys';

const NOW = 1_765_000_000_000;
const topics = topicsFor('sigtest');
const issuer = generateKeyPairSync('ed25519');
const ISSUER_ID = keyIdOf(issuer.publicKey);

function alertBody(): Buffer {
  const alert = { timestamp: '2026-12-07T09:00:00.000+0000', rule: { level: 10, description: 'sshd: brute force', id: '5763', groups: ['syslog', 'sshd', 'authentication_failures'] }, agent: { id: '001', name: 'web-1', ip: '10.0.0.5' }, data: { srcip: '203.0.113.7', srcuser: 'root' } };
  return Buffer.from(JSON.stringify({ version: 1, origin: { name: 'manager', module: 'wazuh-analysisd' }, command: 'firewall-drop600', parameters: { extra_args: [], alert } }));
}

function addMessage(agentId = '001'): CommandMessage {
  const headers: Headers = {
    ...toHeaders({ messageId: 'a6f0e6c2-1111-4c3b-9e7e-000000000001', issuedAt: NOW, expiresAt: NOW + 60_000, traceId: 'trace-1', type: TYPE_ADD }),
    ...resolutionHeader({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600, expect: ['srcip'] }),
    [EXEC_HEADER.actor]: 'ops-token',
  };
  return { topic: topics.exec(agentId), headers, value: alertBody() };
}

function deleteMessage(agentId = '001'): CommandMessage {
  const headers: Headers = {
    ...toHeaders({ messageId: 'b7e1f7d3-2222-4c3b-9e7e-000000000002', issuedAt: NOW, traceId: 'trace-1', type: TYPE_DELETE }),
    [EXEC_HEADER.rkey]: 'firewall-drop600-203.0.113.7',
    [EXEC_HEADER.generation]: String(NOW - 600_000),
    [EXEC_HEADER.legacyArgs]: JSON.stringify(['delete', '-', '203.0.113.7', '1765000000.123', '5763']),
  };
  return { topic: topics.exec(agentId), headers, value: alertBody() };
}

function signed(m: CommandMessage, key: KeyObject = issuer.privateKey, keyId = ISSUER_ID, agentId = '001'): CommandMessage {
  return { ...m, headers: signCommandOutgoing(m, agentId, key, keyId) };
}

function options(over: Partial<CommandVerifyOptions> = {}): CommandVerifyOptions {
  return { agentId: '001', trustedKeys: new Map([[ISSUER_ID, issuer.publicKey]]), now: NOW, skewMs: 5_000, seen: () => false, ...over };
}

const withHeader = (m: CommandMessage, name: string, value: string | undefined): CommandMessage => {
  const headers = { ...m.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = value;
  return { ...m, headers };
};

/** The same text with one character changed, keeping digits digits (a number stays a number). */

describe('verifyCommand', () => {
  describe('when the command is signed by a trusted issuer', () => {
    it('accepts an add and says what it accepted', () => {
      expect(verifyCommand(signed(addMessage()), options())).toEqual({
        ok: true,
        keyId: ISSUER_ID,
        agentId: '001',
        type: TYPE_ADD,
        messageId: 'a6f0e6c2-1111-4c3b-9e7e-000000000001',
        issuedAt: NOW,
        expiresAt: NOW + 60_000,
        rememberUntil: NOW + 60_000 + 5_000,
      });
    });

    it('accepts a delete with its generation, remembered for the retention since it never expires', () => {
      const r = verifyCommand(signed(deleteMessage()), options({ retainUnexpiringMs: 1_000 }));
      expect(r).toEqual({ ok: true, keyId: ISSUER_ID, agentId: '001', type: TYPE_DELETE, messageId: 'b7e1f7d3-2222-4c3b-9e7e-000000000002', issuedAt: NOW, generation: NOW - 600_000, rememberUntil: NOW + 1_000 + 5_000 });
    });

    it('accepts headers it does not cover (DLQ, retry count) added on the way', () => {
      const m = withHeader(signed(addMessage()), HEADER.retryCount, '3');
      expect(verifyCommand(m, options()).ok).toBe(true);
    });

    it('signs a string body as its UTF-8 bytes, so the received Buffer verifies', () => {
      const m = addMessage();
      const sent = { ...m, value: (m.value as Buffer).toString('utf8') };
      const received = { ...m, headers: signCommandOutgoing(sent, '001', issuer.privateKey, ISSUER_ID) };
      expect(verifyCommand(received, options()).ok).toBe(true);
    });
  });

  describe('when any covered field changes by one byte', () => {
    const covered = [HEADER.messageId, HEADER.issuedAt, HEADER.expiresAt, HEADER.traceId, EXEC_HEADER.resolution, EXEC_HEADER.actor, SIGNATURE_HEADER.agent, SIGNATURE_HEADER.topic];
    it.each(covered)('refuses the add with header %s changed at any position', (name) => {
      const m = signed(addMessage());
      const text = m.headers[name];
      for (let at = 0; at < text.length; at++) {
        expect(verifyCommand(withHeader(m, name, oneCharChanged(text, at)), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      }
    });

    it.each([EXEC_HEADER.rkey, EXEC_HEADER.generation, EXEC_HEADER.legacyArgs, HEADER.messageId, HEADER.issuedAt])('refuses the delete with header %s changed at any position', (name) => {
      const m = signed(deleteMessage());
      const text = m.headers[name];
      for (let at = 0; at < text.length; at++) {
        expect(verifyCommand(withHeader(m, name, oneCharChanged(text, at)), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      }
    });

    it('refuses the body with any one byte flipped', () => {
      const m = signed(addMessage());
      const body = m.value as Buffer;
      for (const tampered of everyByteFlipped(body, 0x01)) {
        expect(verifyCommand({ ...m, value: tampered }, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      }
      expect(body.length).toBeGreaterThan(300);
    });

    it('refuses a signature with any one byte flipped', () => {
      const m = signed(addMessage());
      const signature = Buffer.from(m.headers[SIGNATURE_HEADER.signature], 'base64');
      for (const tampered of everyByteFlipped(signature, 0x01)) {
        expect(verifyCommand(withHeader(m, SIGNATURE_HEADER.signature, tampered.toString('base64')), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      }
    });

    it('refuses an add turned into a delete, and a delete turned into an add', () => {
      const add = withHeader(withHeader(signed(addMessage()), HEADER.type, TYPE_DELETE), EXEC_HEADER.generation, '1');
      expect(verifyCommand(add, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(verifyCommand(withHeader(signed(deleteMessage()), HEADER.type, TYPE_ADD), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it.each([HEADER.expiresAt, HEADER.traceId, EXEC_HEADER.resolution, EXEC_HEADER.actor])('refuses the add with header %s removed or emptied', (name) => {
      const m = signed(addMessage());
      expect(verifyCommand(withHeader(m, name, undefined), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
      expect(verifyCommand(withHeader(m, name, ''), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it.each([
      [EXEC_HEADER.resolution, JSON.stringify({ arName: 'x', executable: 'x', timeoutSeconds: 0 })],
      [EXEC_HEADER.actor, 'mallory'],
      [HEADER.expiresAt, String(NOW + 1)],
    ])('refuses the delete with header %s added', (name, value) => {
      expect(verifyCommand(withHeader(signed(deleteMessage()), name, value), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it.each([EXEC_HEADER.rkey, EXEC_HEADER.generation, EXEC_HEADER.legacyArgs, HEADER.traceId])('refuses the delete with header %s removed', (name) => {
      expect(verifyCommand(withHeader(signed(deleteMessage()), name, undefined), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a key id header pointing at another trusted key', () => {
      const other = generateKeyPairSync('ed25519');
      const trustedKeys = new Map([[ISSUER_ID, issuer.publicKey], ['other', other.publicKey]]);
      expect(verifyCommand(withHeader(signed(addMessage()), SIGNATURE_HEADER.keyId, 'other'), options({ trustedKeys }))).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a command signed by an untrusted key that claims a trusted key id', () => {
      const mallory = generateKeyPairSync('ed25519');
      expect(verifyCommand(signed(addMessage(), mallory.privateKey, ISSUER_ID), options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });

    it('refuses an agent signature of the same message (domain separation)', () => {
      const m = addMessage();
      const asAgent = signAgentMessage({ agentId: '001', topic: m.topic, type: TYPE_ADD, messageId: m.headers[HEADER.messageId], issuedAt: NOW, expiresAt: NOW + 60_000, traceId: 'trace-1', body: m.value as Buffer }, issuer.privateKey, ISSUER_ID);
      expect(verifyCommand({ ...m, headers: { ...m.headers, ...asAgent } }, options())).toMatchObject({ ok: false, reason: 'bad-signature' });
    });
  });

  describe('when the command is for someone else', () => {
    it('refuses a command signed for agent 002 on 001', () => {
      const forOther = signed(addMessage('002'), issuer.privateKey, ISSUER_ID, '002');
      const copied = { ...forOther, topic: topics.exec('001') };
      expect(verifyCommand(copied, options())).toMatchObject({ ok: false, reason: 'wrong-agent', detail: expect.stringContaining("'002'") });
    });

    it('refuses a command signed for another topic', () => {
      const m = signed(addMessage());
      expect(verifyCommand({ ...m, topic: topicsFor('other').exec('001') }, options())).toMatchObject({ ok: false, reason: 'wrong-topic' });
    });
  });

  describe('when the time is wrong', () => {
    it('refuses an add past its expiry plus the skew, and accepts it at the limit', () => {
      const m = signed(addMessage());
      expect(verifyCommand(m, options({ now: NOW + 65_000 })).ok).toBe(true);
      expect(verifyCommand(m, options({ now: NOW + 65_001 }))).toMatchObject({ ok: false, reason: 'expired' });
    });

    it('refuses a command issued later than now plus the skew, and accepts it at the limit', () => {
      const m = signed(addMessage());
      expect(verifyCommand(m, options({ now: NOW - 5_000 })).ok).toBe(true);
      expect(verifyCommand(m, options({ now: NOW - 5_001 }))).toMatchObject({ ok: false, reason: 'not-yet-valid' });
    });

    it('never expires a delete, however late', () => {
      expect(verifyCommand(signed(deleteMessage()), options({ now: NOW + 365 * 24 * 3600 * 1000 })).ok).toBe(true);
    });
  });

  describe('when the command was already accepted', () => {
    it('refuses the second delivery through the replay port', () => {
      const memory = new Set<string>();
      const opts = options({ seen: (id) => memory.has(id) });
      const m = signed(addMessage());
      const first = verifyCommand(m, opts);
      if (first.ok) memory.add(first.messageId);
      expect(first.ok).toBe(true);
      expect(verifyCommand(m, opts)).toMatchObject({ ok: false, reason: 'replayed' });
    });
  });

  describe('when the key is not trusted', () => {
    it('refuses an unknown key id', () => {
      expect(verifyCommand(signed(addMessage()), options({ trustedKeys: new Map() }))).toMatchObject({ ok: false, reason: 'unknown-key' });
    });

    it('accepts both keys during a rotation, and only the new one after', () => {
      const next = generateKeyPairSync('ed25519');
      const NEXT_ID = keyIdOf(next.publicKey);
      const during = options({ trustedKeys: new Map([[ISSUER_ID, issuer.publicKey], [NEXT_ID, next.publicKey]]) });
      const after = options({ trustedKeys: new Map([[NEXT_ID, next.publicKey]]) });
      const old = signed(addMessage());
      const fresh = signed(addMessage(), next.privateKey, NEXT_ID);
      expect([verifyCommand(old, during).ok, verifyCommand(fresh, during).ok]).toEqual([true, true]);
      expect(verifyCommand(fresh, after).ok).toBe(true);
      expect(verifyCommand(old, after)).toMatchObject({ ok: false, reason: 'unknown-key' });
    });
  });

  describe('when the command is not signed', () => {
    it('refuses a plain envelope message', () => {
      expect(verifyCommand(addMessage(), options())).toMatchObject({ ok: false, reason: 'unsigned' });
    });

    it('refuses a signature without a key id', () => {
      expect(verifyCommand(withHeader(signed(addMessage()), SIGNATURE_HEADER.keyId, undefined), options())).toMatchObject({ ok: false, reason: 'unsigned' });
    });
  });

  describe('when a signed delete names no generation', () => {
    it('refuses it', () => {
      const m = withHeader(deleteMessage(), EXEC_HEADER.generation, undefined);
      expect(verifyCommand(signed(m), options())).toMatchObject({ ok: false, reason: 'delete-without-generation' });
    });
  });

  describe('when the message is malformed', () => {
    it.each([
      ['a signature that is not base64 of 64 bytes', (m: CommandMessage) => withHeader(m, SIGNATURE_HEADER.signature, 'abc')],
      ['no signed topic', (m: CommandMessage) => withHeader(m, SIGNATURE_HEADER.topic, undefined)],
      ['no signed agent', (m: CommandMessage) => withHeader(m, SIGNATURE_HEADER.agent, undefined)],
      ['an issued-at that is not digits', (m: CommandMessage) => withHeader(m, HEADER.issuedAt, '1e12')],
      ['an expiry that is not digits', (m: CommandMessage) => withHeader(m, HEADER.expiresAt, '-1')],
      ['a generation that is not digits', (m: CommandMessage) => withHeader(m, EXEC_HEADER.generation, 'x')],
      ['no message id', (m: CommandMessage) => withHeader(m, HEADER.messageId, undefined)],
      ['a type that is not a command', (m: CommandMessage) => withHeader(m, HEADER.type, 'audit.x')],
      ['no value', (m: CommandMessage) => ({ ...m, value: null })],
    ])('refuses %s', (_what, change) => {
      expect(verifyCommand(change(signed(deleteMessage())), options())).toMatchObject({ ok: false, reason: 'malformed' });
    });
  });
});

describe('signCommand', () => {
  it('adds the signature, the key id and the signed target', () => {
    const h = signCommand({ agentId: '001', topic: topics.exec('001'), type: TYPE_ADD, messageId: 'm', issuedAt: NOW, body: '{}' }, issuer.privateKey, ISSUER_ID);
    expect(Object.keys(h).sort()).toEqual([SIGNATURE_HEADER.agent, SIGNATURE_HEADER.keyId, SIGNATURE_HEADER.signature, SIGNATURE_HEADER.topic].sort());
    expect(Buffer.from(h[SIGNATURE_HEADER.signature], 'base64')).toHaveLength(64);
  });

  it('is deterministic (Ed25519): the same fields and key sign alike', () => {
    const key = createPrivateKey(issuer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(signed(addMessage(), key).headers).toEqual(signed(addMessage()).headers);
  });

  it('refuses to sign a message without an envelope', () => {
    expect(() => signCommandOutgoing({ topic: topics.exec('001'), headers: {}, value: '{}' }, '001', issuer.privateKey, ISSUER_ID)).toThrow(ContractViolationError);
  });
});
