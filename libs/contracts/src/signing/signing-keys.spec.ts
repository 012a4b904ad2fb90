import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { AppError } from '../errors';
import { generateKeyPairPem, isKeyId, keyIdOf, parsePrivateKeyPem, parsePublicKeyPem, SigningKeyError } from './signing-keys';
import { parseAgentKeys, parseTrustedKeys } from './trusted-keys';

const pair = generateKeyPairPem();

function problemOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof SigningKeyError) return e.problem;
    throw e;
  }
  return undefined;
}

describe('signing keys', () => {
  it('generates a PEM pair whose halves sign and verify, with the derived key id', () => {
    const privateKey = parsePrivateKeyPem(pair.privateKeyPem);
    const publicKey = parsePublicKeyPem(pair.publicKeyPem);
    const data = Buffer.from('x');
    expect(verify(null, data, publicKey, sign(null, data, privateKey))).toBe(true);
    expect(pair.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect([keyIdOf(publicKey), keyIdOf(privateKey)]).toEqual([pair.keyId, pair.keyId]);
  });

  it('derives different ids for different keys', () => {
    expect(generateKeyPairPem().keyId).not.toBe(pair.keyId);
  });

  it('refuses text that is not PEM', () => {
    expect(problemOf(() => parsePublicKeyPem('hello'))).toBe('not-pem');
    expect(problemOf(() => parsePrivateKeyPem(''))).toBe('not-pem');
  });

  it('refuses a PEM whose body is not a key', () => {
    expect(problemOf(() => parsePublicKeyPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'))).toBe('not-pem');
  });

  it('refuses a private key where a public key belongs, and the reverse', () => {
    expect(problemOf(() => parsePublicKeyPem(pair.privateKeyPem))).toBe('wrong-kind');
    expect(problemOf(() => parsePrivateKeyPem(pair.publicKeyPem))).toBe('wrong-kind');
  });

  it('refuses keys of another algorithm', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(problemOf(() => parsePublicKeyPem(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()))).toBe('not-ed25519');
    expect(problemOf(() => parsePrivateKeyPem(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()))).toBe('not-ed25519');
  });

  it('raises a non-retriable AppError naming the key', () => {
    let error: unknown;
    try {
      parsePublicKeyPem('x', 'issuer key');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'SIGNING_KEY_INVALID', retriable: false, message: expect.stringContaining('issuer key') });
  });

  it('accepts key ids of 1-64 printable characters without separators', () => {
    expect(['a', 'scheduler-2026.1', 'k:1_x', 'a'.repeat(64)].every(isKeyId)).toBe(true);
    expect(['', 'a b', 'a\n', 'a'.repeat(65), 'é'].some(isKeyId)).toBe(false);
  });
});

describe('parseTrustedKeys', () => {
  const other = generateKeyPairPem();

  it('maps each key id to its public key', () => {
    const keys = parseTrustedKeys(JSON.stringify({ [pair.keyId]: pair.publicKeyPem, 'scheduler-2027': other.publicKeyPem }));
    expect([...keys.keys()]).toEqual([pair.keyId, 'scheduler-2027']);
    expect(keyIdOf(keys.get('scheduler-2027')!)).toBe(other.keyId);
  });

  it.each([
    ['not JSON', '{', 'bad-document', /trusted keys: not JSON/],
    ['an array', '[]', 'bad-document', /expected a JSON object/],
    ['empty', '{}', 'bad-document', /no key/],
    ['a bad key id', JSON.stringify({ 'a b': 'x' }), 'bad-key-id', /key id 'a b'/],
    ['a value that is not a string', JSON.stringify({ k: 1 }), 'bad-document', /key 'k': expected a PEM string/],
    ['a private key', JSON.stringify({ k: generateKeyPairPem().privateKeyPem }), 'wrong-kind', /key 'k'/],
  ])('refuses a document that is %s, saying where', (_what, text, problem, message) => {
    expect(problemOf(() => parseTrustedKeys(text))).toBe(problem);
    expect(() => parseTrustedKeys(text)).toThrow(message);
  });

  it('names the source in its errors', () => {
    expect(() => parseTrustedKeys('{', '/etc/riposte/trusted-keys.json')).toThrow(/^\/etc\/riposte\/trusted-keys.json: not JSON/);
  });
});

describe('parseAgentKeys', () => {
  const a2 = generateKeyPairPem();

  it('maps each key id to its agent and key', () => {
    const keys = parseAgentKeys(JSON.stringify({ '001': { [pair.keyId]: pair.publicKeyPem }, '002': { [a2.keyId]: a2.publicKeyPem } }));
    expect(keys.get(a2.keyId)?.agentId).toBe('002');
    expect(keys.get(pair.keyId)?.key.export({ type: 'spki', format: 'pem' })).toEqual(createPublicKey(pair.publicKeyPem).export({ type: 'spki', format: 'pem' }));
  });

  it('refuses one key id under two agents', () => {
    expect(problemOf(() => parseAgentKeys(JSON.stringify({ '001': { k: pair.publicKeyPem }, '002': { k: a2.publicKeyPem } })))).toBe('bad-key-id');
  });

  it('refuses an agent id that is not 3-8 digits and an agent entry that is not an object', () => {
    expect(() => parseAgentKeys(JSON.stringify({ web: {} }))).toThrow(/'web' is not an agent id/);
    expect(() => parseAgentKeys(JSON.stringify({ '001': pair.publicKeyPem }))).toThrow(/agent '001': expected an object/);
  });
});
