/**
 * Key material for tests: a trusted issuer (its private key file and the executor's trusted-keys file) and agent
 * identities, written under a temporary folder with the modes production requires (0600).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { generateKeyPairPem, parsePrivateKeyPem, parsePublicKeyPem } from '@riposte/contracts';

export interface TestKeyPair {
  readonly keyId: string;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The private key as a PKCS#8 PEM file, mode 0600 (`RIPOSTE_SIGNING_KEY_FILE`, `EXECUTOR_KEY_FILE`). */
  readonly privateKeyFile: string;
  /** The public key as an SPKI PEM file (for `riposte agents enroll --key`). */
  readonly publicKeyFile: string;
}

export interface TestIssuer extends TestKeyPair {
  /** `{ keyId: PEM }` trusting this issuer only (`EXECUTOR_TRUSTED_KEYS_FILE`). */
  readonly trustedKeysFile: string;
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  /** The issuer's env for matcher, control-api and scheduler. */
  readonly issuerEnv: Record<string, string>;
}

function keyPair(dir: string, name: string): TestKeyPair {
  const pair = generateKeyPairPem();
  const privateKeyFile = path.join(dir, `${name}.key`);
  const publicKeyFile = path.join(dir, `${name}.pub`);
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644 });
  return { ...pair, privateKey: parsePrivateKeyPem(pair.privateKeyPem), publicKey: parsePublicKeyPem(pair.publicKeyPem), privateKeyFile, publicKeyFile };
}

function tempKeyDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'riposte-keys-'));
}

/** A fresh issuer key and the trusted-keys file that trusts it. */
export function testIssuer(dir = tempKeyDir(), name = 'issuer'): TestIssuer {
  const pair = keyPair(dir, name);
  const trustedKeysFile = path.join(dir, `${name}.trusted.json`);
  writeFileSync(trustedKeysFile, JSON.stringify({ [pair.keyId]: pair.publicKeyPem }), { mode: 0o644 });
  return {
    ...pair,
    trustedKeysFile,
    trustedKeys: new Map([[pair.keyId, pair.publicKey]]),
    issuerEnv: { RIPOSTE_SIGNING_KEY_FILE: pair.privateKeyFile, RIPOSTE_SIGNING_KEY_ID: pair.keyId },
  };
}

/** An agent's identity in tests: its key pair (`EXECUTOR_KEY_FILE` = `privateKeyFile`) and the agent it is for. */
export type TestAgentKey = TestKeyPair & { readonly agentId: string };

/** A fresh agent identity (`EXECUTOR_KEY_FILE`) for agent `agentId`. */
export function testAgentKey(agentId: string, dir = tempKeyDir()): TestAgentKey {
  return { ...keyPair(dir, `agent-${agentId}`), agentId };
}

/** A fresh identity for each of `agentIds`, in one temporary folder, by agent id. */
export function testAgentKeys(agentIds: readonly string[], dir = tempKeyDir()): Map<string, TestAgentKey> {
  return new Map(agentIds.map((id) => [id, testAgentKey(id, dir)]));
}
