/**
 * The documents that say whom to trust, parsed from their text (pure; the caller reads the file):
 * - issuers, for executors: `{ "<keyId>": "<SPKI PEM>" }` (two ids of one issuer during a rotation);
 * - agents, for the central services: `{ "<agentId>": { "<keyId>": "<SPKI PEM>" } }`.
 * Every error names the document (`source`) and the entry.
 */
import type { KeyObject } from 'node:crypto';
import type { AgentKey } from './agent-signature';
import { isKeyId, parsePublicKeyPem, SigningKeyError } from './signing-keys';

const AGENT_ID = /^\d{3,8}$/;

function parseObject(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SigningKeyError(`${source}: not JSON (${(cause as Error).message})`, 'bad-document', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SigningKeyError(`${source}: expected a JSON object`, 'bad-document');
  return value as Record<string, unknown>;
}

function parseKeys(entries: Record<string, unknown>, where: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const [keyId, pem] of Object.entries(entries)) {
    if (!isKeyId(keyId)) throw new SigningKeyError(`${where}: key id '${keyId}' is not 1-64 of [A-Za-z0-9._:-]`, 'bad-key-id');
    if (typeof pem !== 'string') throw new SigningKeyError(`${where}: key '${keyId}': expected a PEM string`, 'bad-document');
    keys.set(keyId, parsePublicKeyPem(pem, `${where}: key '${keyId}'`));
  }
  return keys;
}

/** Issuer keys an executor trusts: key id → public key. An empty document trusts nobody, which is refused. */
export function parseTrustedKeys(text: string, source = 'trusted keys'): Map<string, KeyObject> {
  const keys = parseKeys(parseObject(text, source), source);
  if (keys.size === 0) throw new SigningKeyError(`${source}: no key (every command would be refused)`, 'bad-document');
  return keys;
}

/** Agent keys the central services accept: key id → the agent it belongs to and its public key. A key id names one key only. */
export function parseAgentKeys(text: string, source = 'agent keys'): Map<string, AgentKey> {
  const out = new Map<string, AgentKey>();
  for (const [agentId, entries] of Object.entries(parseObject(text, source))) {
    if (!AGENT_ID.test(agentId)) throw new SigningKeyError(`${source}: '${agentId}' is not an agent id (3-8 digits)`, 'bad-document');
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw new SigningKeyError(`${source}: agent '${agentId}': expected an object of key id → PEM`, 'bad-document');
    for (const [keyId, key] of parseKeys(entries as Record<string, unknown>, `${source}: agent '${agentId}'`)) {
      const other = out.get(keyId);
      if (other) throw new SigningKeyError(`${source}: key id '${keyId}' appears under agents '${other.agentId}' and '${agentId}'`, 'bad-key-id');
      out.set(keyId, { agentId, key });
    }
  }
  return out;
}
