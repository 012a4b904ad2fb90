/**
 * Ed25519 keys as PEM text (PKCS#8 private, SPKI public), the only key kind signatures use. Parsing is pure
 * (strings in, KeyObjects out); reading the files is the caller's business.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { AppError } from '../errors';

export type SigningKeyProblem = 'not-pem' | 'wrong-kind' | 'not-ed25519' | 'bad-key-id' | 'bad-document';

/** A key or a trusted-keys document that cannot be used; `problem` says how, the message says where. */
export class SigningKeyError extends AppError {
  readonly code = 'SIGNING_KEY_INVALID';
  readonly retriable = false;
  constructor(
    message: string,
    readonly problem: SigningKeyProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const PRIVATE_LABEL = 'PRIVATE KEY';
const PUBLIC_LABEL = 'PUBLIC KEY';

/** The label of the one PEM block in `text` (`PRIVATE KEY`, `PUBLIC KEY`, ...), or undefined. */
function pemLabel(text: string): string | undefined {
  const m = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1-----\s*$/.exec(text);
  return m?.[1];
}

function requireLabel(pem: string, expected: string, what: string): void {
  const label = pemLabel(pem);
  if (label === undefined) throw new SigningKeyError(`${what}: not a PEM block`, 'not-pem');
  if (label !== expected) throw new SigningKeyError(`${what}: a '${label}' PEM block, expected '${expected}'`, 'wrong-kind');
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${what}: a ${key.asymmetricKeyType ?? 'symmetric'} key, expected ed25519`, 'not-ed25519');
  return key;
}

/** `pem` as an Ed25519 key: a PEM block labelled `label` that `create` accepts (`format` names the encoding in errors). */
function parseEd25519Pem(pem: string, what: string, label: string, format: string, create: (input: { key: string; format: 'pem' }) => KeyObject): KeyObject {
  requireLabel(pem, label, what);
  let key: KeyObject;
  try {
    key = create({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new SigningKeyError(`${what}: not ${format} key (${(cause as Error).message})`, 'not-pem', { cause });
  }
  return requireEd25519(key, what);
}

/** An Ed25519 private key from PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). `what` names it in errors. */
export function parsePrivateKeyPem(pem: string, what = 'private key'): KeyObject {
  return parseEd25519Pem(pem, what, PRIVATE_LABEL, 'a PKCS#8', createPrivateKey);
}

/**
 * An Ed25519 public key from SPKI PEM (`-----BEGIN PUBLIC KEY-----`). A private key is refused rather than reduced
 * to its public half: finding one where public keys belong means a secret was copied to the wrong place.
 */
export function parsePublicKeyPem(pem: string, what = 'public key'): KeyObject {
  return parseEd25519Pem(pem, what, PUBLIC_LABEL, 'an SPKI', createPublicKey);
}

/** The default key id of a key (public, or private standing for its public half): first 16 hex of sha256(SPKI DER). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export interface KeyPairPem {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** {@link keyIdOf} the pair. */
  readonly keyId: string;
}

/** A fresh Ed25519 key pair as PEM text, with its default key id. */
export function generateKeyPairPem(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** Key ids travel in a header and name keys in documents: short, printable, no separators. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export function isKeyId(text: string): boolean {
  return KEY_ID_PATTERN.test(text);
}
