/**
 * A new issuer key set in one folder, as `riposte keys generate --out DIR` writes it: the private key for the
 * issuers (`RIPOSTE_SIGNING_KEY_FILE`), its public half, and the trusted-keys file for the executors
 * (`EXECUTOR_TRUSTED_KEYS_FILE`). To rotate, merge the new `trusted-keys.json` entry into the executors' file
 * before switching the issuers to the new key.
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, generateKeyPairPem } from '@riposte/contracts';
import { writeSecretFile } from './key-files';

export const ISSUER_KEY_FILES = { privateKey: 'issuer.key', publicKey: 'issuer.pub', trustedKeys: 'trusted-keys.json' } as const;

export interface IssuerKeyFiles {
  readonly keyId: string;
  /** PKCS#8 PEM, mode 0600. */
  readonly privateKeyFile: string;
  /** SPKI PEM. */
  readonly publicKeyFile: string;
  /** `{ "<keyId>": "<SPKI PEM>" }`. */
  readonly trustedKeysFile: string;
}

/** Writes a fresh Ed25519 key set into `dir` (created with mode 0700); refuses, writing nothing, if any file exists. */
export function generateIssuerKeys(dir: string): IssuerKeyFiles {
  const privateKeyFile = path.join(dir, ISSUER_KEY_FILES.privateKey);
  const publicKeyFile = path.join(dir, ISSUER_KEY_FILES.publicKey);
  const trustedKeysFile = path.join(dir, ISSUER_KEY_FILES.trustedKeys);
  const present = [privateKeyFile, publicKeyFile, trustedKeysFile].filter((f) => existsSync(f));
  if (present.length > 0) throw new ConfigError(`${present.join(', ')}: already there; refusing to overwrite a key`);
  const pair = generateKeyPairPem();
  writeSecretFile(privateKeyFile, pair.privateKeyPem);
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  writeFileSync(trustedKeysFile, `${JSON.stringify({ [pair.keyId]: pair.publicKeyPem }, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  return { keyId: pair.keyId, privateKeyFile, publicKeyFile, trustedKeysFile };
}
