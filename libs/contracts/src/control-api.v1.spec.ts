import { generateKeyPairSync } from 'node:crypto';
import { ControlApiV1, generateKeyPairPem } from './index';

const item = {
  id: 'MDAxOmZpcmV3YWxsLWRyb3AtMS4yLjMuNA',
  agentId: '001',
  response: 'firewall-drop600',
  rkey: 'firewall-drop-1.2.3.4',
  keys: ['1.2.3.4'],
  started: '2026-11-28T15:00:00.000Z',
  expires: '2026-11-28T15:10:00.000Z',
  remainingSeconds: 600,
  timeoutSeconds: 600,
  trigger: { alertId: '1764342000.1', ruleId: '5712' },
  traceId: 't-1',
};

describe('control API response bodies', () => {
  it('accepts a list body and keeps its items', () => {
    const body = { data: { affected_items: [item], total_affected_items: 1 }, message: 'All selected active responses were returned' };
    expect(ControlApiV1.checkResponse(ControlApiV1.ActiveResponseListSchema, body)).toEqual({ ok: true, value: body });
  });

  it('names every field that differs', () => {
    const { lastSeen: _gone, ...agent } = { id: '001', name: 'h', os: 'linux', version: 'v', lastSeen: 'x', status: 'online', active: 'yes', arDisabled: false };
    const body = { data: { affected_items: [agent], total_affected_items: 1 } };
    expect(ControlApiV1.checkResponse(ControlApiV1.AgentListSchema, body)).toEqual({
      ok: false,
      issues: ['data.affected_items.0.lastSeen: Required', 'data.affected_items.0.active: Expected boolean, received string', 'data.affected_items.0.enrolled: Required', 'message: Required'],
    });
  });

  it.each([
    [{ data: { affected_items: ['001'], total_affected_items: 1, total_failed_items: 0, failed_items: [] }, message: 'AR command was sent to all agents', error: 0 }, true],
    [{ data: { affected_items: [], total_affected_items: 0, total_failed_items: 1, failed_items: [{ error: { code: 1701, message: 'Agent does not exist' }, id: ['099'] }] }, message: 'm', error: 1 }, true],
    [{ data: { affected_items: [], total_affected_items: 0, total_failed_items: 0, failed_items: [] }, message: 'm', error: 3 }, false],
  ])('a trigger result %j is valid: %s', (body, valid) => {
    expect(ControlApiV1.checkResponse(ControlApiV1.TriggerResultSchema, body).ok).toBe(valid);
  });

  it('a problem document has a title and a detail', () => {
    expect(ControlApiV1.ProblemSchema.safeParse({ title: 'Permission Denied', detail: 'no', error: 4000 }).success).toBe(true);
    expect(ControlApiV1.ProblemSchema.safeParse({ message: 'x' }).success).toBe(false);
  });
});

describe('the enrolment body (PUT /agents/{id}/key)', () => {
  const pair = generateKeyPairPem();

  it('takes an Ed25519 SPKI PEM and names its key id', () => {
    expect(ControlApiV1.parseAgentKeyBody({ publicKeyPem: pair.publicKeyPem })).toEqual({ ok: true, value: { publicKeyPem: pair.publicKeyPem, keyId: pair.keyId } });
  });

  it('refuses a private key by name, without echoing it', () => {
    const r = ControlApiV1.parseAgentKeyBody({ publicKeyPem: pair.privateKeyPem });
    expect(r).toEqual({ ok: false, issues: [expect.stringMatching(/^publicKeyPem: this is a private key, refused: give the agent's public key/)] });
    expect(JSON.stringify(r)).not.toContain(pair.privateKeyPem.split('\n')[1]);
  });

  it.each([
    ['an OpenSSH-style private key', { publicKeyPem: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n' }, /this is a private key/],
    ['an RSA public key', { publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString() }, /a rsa key, expected ed25519/],
    ['an ssh-ed25519 line', { publicKeyPem: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG host' }, /publicKeyPem: not a PEM block \(expected an Ed25519 public key in SPKI PEM/],
    ['a missing key', {}, /^publicKeyPem: Required$/],
    ['an extra field', { publicKeyPem: pair.publicKeyPem, agentId: '002' }, /Unrecognized key/],
    ['a huge body', { publicKeyPem: 'x'.repeat(ControlApiV1.MAX_PUBLIC_KEY_PEM + 1) }, /publicKeyPem: String must contain at most/],
    ['not an object', 'pem', /\(root\): Expected object/],
  ])('refuses %s', (_what, body, issue) => {
    const r = ControlApiV1.parseAgentKeyBody(body);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues).toEqual([expect.stringMatching(issue)]);
  });

  it('checks the three answers of the key routes', () => {
    const at = '2026-11-28T15:00:00.000Z';
    expect(ControlApiV1.AgentKeyResultSchema.safeParse({ agentId: '001', keyId: pair.keyId, enrolledAt: at, enrolledBy: 'alice' }).success).toBe(true);
    expect(ControlApiV1.AgentKeySchema.safeParse({ agentId: '001', keyId: pair.keyId, enrolledAt: at, enrolledBy: 'alice' }).success).toBe(false);
    expect(ControlApiV1.AgentKeyRevokedSchema.safeParse({ agentId: '1', keyId: pair.keyId, revokedAt: at, revokedBy: 'alice' }).success).toBe(false);
  });
});
