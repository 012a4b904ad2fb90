/**
 * Key files, read once at boot: an issuer's signing key, the issuer keys an executor trusts, and an agent's own
 * key (created on first start). Parsing is `@riposte/contracts`' (pure); this file only does the file system.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError, generateKeyPairPem, keyIdOf, parsePrivateKeyPem, parseTrustedKeys, SigningKeyError } from '@riposte/contracts';

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

function readKeyFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`${what} ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
}

function asConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SigningKeyError) throw new ConfigError(e.message, { cause: e });
    throw e;
  }
}

/** A private key that others could read is not a secret any more: refuse group/other permissions. */
function requirePrivate(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) throw new ConfigError(`${file}: a private key must not be readable by group or others (mode ${mode.toString(8)}; chmod 600)`);
}

/** An issuer's Ed25519 signing key (PKCS#8 PEM); `keyId` defaults to the key's own id. */
export function loadSigningKey(file: string, keyId?: string): SigningKey {
  const pem = readKeyFile(file, 'signing key');
  requirePrivate(file);
  const privateKey = asConfigError(() => parsePrivateKeyPem(pem, `signing key ${file}`));
  return { privateKey, keyId: keyId || keyIdOf(privateKey) };
}

/** The issuer keys an executor trusts: `{ "<keyId>": "<SPKI PEM>" }`. */
export function loadTrustedKeys(file: string): Map<string, KeyObject> {
  const text = readKeyFile(file, 'trusted keys');
  return asConfigError(() => parseTrustedKeys(text, file));
}

/** Writes a PEM (or any secret) with mode 0600, creating its folder with mode 0700. */
export function writeSecretFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/**
 * An agent's own key: read when present, else generated and written with mode 0600 (first start). The public half
 * goes next to it (`<file>.pub`) for enrolment.
 */
export function ensureAgentKey(file: string): SigningKey & { readonly publicKeyPem: string; readonly created: boolean } {
  const created = !existsSync(file);
  if (created) {
    const pair = generateKeyPairPem();
    writeSecretFile(file, pair.privateKeyPem);
    writeFileSync(`${file}.pub`, pair.publicKeyPem, { mode: 0o644 });
  }
  const key = loadSigningKey(file);
  return { ...key, publicKeyPem: createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString(), created };
}
