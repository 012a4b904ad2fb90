/**
 * Checks of the issuers' signing in their specs: verify a command read off an agent's topic as its executor will,
 * and the key files a service must refuse at boot.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { encodeValue } from '@riposte/bus';
import { generateKeyPairPem, signCommandOutgoing, verifyCommand, type CommandMessage, type CommandVerification, type OutgoingMessage } from '@riposte/contracts';
import type { TestIssuer } from './signing-keys';

/** Who signs a command in a spec: a trusted issuer, another key, or `null` (unsigned: an attacker without a key). */
export interface Signer {
  readonly privateKey: KeyObject;
  readonly keyId: string;
}

/** Signs a command as an issuer does, over the exact bytes the producer sends, for agent `agentId`. */
export function signed<M extends OutgoingMessage>(m: M, agentId: string, by: Signer | null): M {
  if (by === null) return m;
  return { ...m, headers: signCommandOutgoing({ topic: m.topic, headers: m.headers ?? {}, value: encodeValue(m.value) }, agentId, by.privateKey, by.keyId) };
}

/** `verifyCommand` as agent `agentId`'s executor runs it (trusting only `issuer`, nothing seen yet, 30 s of skew). */
export function verifyAsExecutor(message: CommandMessage, issuer: TestIssuer, agentId: string, now = Date.now()): CommandVerification {
  return verifyCommand(message, { agentId, trustedKeys: issuer.trustedKeys, now, skewMs: 30_000, seen: () => false });
}

/** The same message with one byte of its value changed: its signature must no longer verify. */
export function withOneByteChanged<M extends CommandMessage>(message: M, at = 0): M {
  const value = Buffer.from(message.value ?? '');
  value[at] ^= 0x01;
  return { ...message, value };
}

/**
 * Signing-key files a service must refuse at boot, each with a reason: absent, unreadable (a folder: tests run as
 * root, for whom mode 000 is still readable), readable by others (mode 0644), and not a key at all.
 */

export interface UnusableKeyFile {
  readonly problem: 'missing' | 'unreadable' | 'world-readable' | 'not-a-key';
  readonly file: string;
}

export function unusableKeyFiles(dir = mkdtempSync(path.join(os.tmpdir(), 'riposte-bad-keys-'))): UnusableKeyFile[] {
  const unreadable = path.join(dir, 'unreadable.key');
  mkdirSync(unreadable);
  const worldReadable = path.join(dir, 'world-readable.key');
  writeFileSync(worldReadable, generateKeyPairPem().privateKeyPem, { mode: 0o644 });
  const notAKey = path.join(dir, 'not-a-key.key');
  writeFileSync(notAKey, 'hello\n', { mode: 0o600 });
  return [
    { problem: 'missing', file: path.join(dir, 'missing.key') },
    { problem: 'unreadable', file: unreadable },
    { problem: 'world-readable', file: worldReadable },
    { problem: 'not-a-key', file: notAKey },
  ];
}
