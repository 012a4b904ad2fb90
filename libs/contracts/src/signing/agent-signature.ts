/**
 * Agent identity (issue 10): each executor signs what it publishes for the central services (heartbeats on
 * `topics.agents`, timer requests on `topics.timers`) with its own key, and the consumers accept a message only
 * when {@link verifyAgentMessage} finds it signed by a key registered to the agent it speaks for. An agent's
 * Kafka credentials alone then no longer let it heartbeat, or schedule deletes, as another agent.
 *
 * Covered, in this order after the tag: agent id, topic, envelope type, message id, issued-at, expires-at, trace
 * id, the exact body bytes, and the signing key's id.
 */
import { sign, type KeyObject } from 'node:crypto';
import { ContractViolationError } from '../errors';
import type { Headers } from '../envelope';
import { encodeCanonical } from './canonical-fields';
import { fail, SIGNATURE_HEADER, type VerifyFailure, type VerifyFailureReason } from './signature-headers';
import { checkWindow, isValidSignature, readSignatureClaim, readSignedEnvelope, rememberUntil, type SignedEnvelope } from './signed-envelope';

/** Domain separation from command signatures (and from later versions). */
export const AGENT_SIGNATURE_TAG = 'riposte/agent-signature/v1';

/** Everything an agent signature covers (the key id is added by {@link signAgentMessage}). */
export interface AgentMessageFields {
  readonly agentId: string;
  readonly topic: string;
  /** The envelope type (`agent.heartbeat`, `timer.schedule`, ...). */
  readonly type: string;
  readonly messageId: string;
  /** Epoch ms. */
  readonly issuedAt: number;
  readonly expiresAt?: number;
  readonly traceId?: string;
  /** The exact bytes of the Kafka value (a string is taken as UTF-8). */
  readonly body: Uint8Array | string;
}

/** The canonical bytes an agent signature covers. */
export function agentSigningBytes(f: AgentMessageFields, keyId: string): Buffer {
  return encodeCanonical(AGENT_SIGNATURE_TAG, [
    f.agentId,
    f.topic,
    f.type,
    f.messageId,
    f.issuedAt,
    f.expiresAt,
    f.traceId,
    typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body,
    keyId,
  ]);
}

/** The signature headers to add to the message's own envelope headers. */
export function signAgentMessage(fields: AgentMessageFields, privateKey: KeyObject, keyId: string): Headers {
  const signature = sign(null, agentSigningBytes(fields, keyId), privateKey);
  return {
    [SIGNATURE_HEADER.signature]: signature.toString('base64'),
    [SIGNATURE_HEADER.keyId]: keyId,
    [SIGNATURE_HEADER.agent]: fields.agentId,
    [SIGNATURE_HEADER.topic]: fields.topic,
  };
}

/** A message an agent publishes, keyed by its agent id. */
export interface AgentMessage {
  readonly topic: string;
  /** The Kafka key; when present it must be the signing agent's id. */
  readonly key?: string | null;
  readonly headers: Headers;
  readonly value: Buffer | string | null;
}

type FieldsRead = { readonly ok: true; readonly fields: AgentMessageFields; readonly envelope: SignedEnvelope } | VerifyFailure<'malformed'>;

function readAgentFields(m: AgentMessage, agentId: string, topic: string): FieldsRead {
  const read = readSignedEnvelope(m.headers);
  if (!read.ok) return read;
  if (m.value === null) return fail('malformed', 'no value');
  const e = read.value;
  return { ok: true, envelope: e, fields: { agentId, topic, type: e.type, messageId: e.messageId, issuedAt: e.issuedAt, expiresAt: e.expiresAt, traceId: e.traceId, body: m.value } };
}

/** Signs a message built with `withEnvelope` (value already encoded) for `agentId`; returns its headers with the signature. */
export function signAgentOutgoing(m: AgentMessage, agentId: string, privateKey: KeyObject, keyId: string): Headers {
  const read = readAgentFields(m, agentId, m.topic);
  if (!read.ok) throw new ContractViolationError(`cannot sign the agent message: ${read.detail}`);
  return { ...m.headers, ...signAgentMessage(read.fields, privateKey, keyId) };
}

/** A registered agent key: which agent it speaks for. */
export interface AgentKey {
  readonly agentId: string;
  readonly key: KeyObject;
}

export interface AgentVerifyOptions {
  /** Key id → the agent it is registered to and its Ed25519 public key. */
  readonly agentKeys: ReadonlyMap<string, AgentKey>;
  /** Epoch ms. */
  readonly now: number;
  /** Clock difference tolerated between agent and consumer, in ms. */
  readonly skewMs: number;
  /** Optional replay memory: true when a message with this id was already accepted. */
  readonly seen?: (messageId: string) => boolean;
  /** How long a message without expiry is remembered. @defaultValue 30 days */
  readonly retainUnexpiringMs?: number;
}

export interface VerifiedAgentMessage {
  readonly ok: true;
  readonly keyId: string;
  /** The authenticated agent: the body's agent id must be this one. */
  readonly agentId: string;
  readonly type: string;
  readonly messageId: string;
  readonly issuedAt: number;
  readonly expiresAt?: number;
  /** Epoch ms until which a replay memory must keep `messageId`. */
  readonly rememberUntil: number;
}

export type AgentVerification = VerifiedAgentMessage | VerifyFailure<Exclude<VerifyFailureReason, 'delete-without-generation'>>;

/**
 * Whether a message really comes from the agent it names. Checked in this order: signed at all, well formed,
 * known key, signature, the key registered to the signed agent (and the Kafka key, when present, that agent),
 * topic, validity window (with skew), replay memory (when given). The consumer still checks that the body's
 * agent id is the returned `agentId`.
 */
export function verifyAgentMessage(message: AgentMessage, opts: AgentVerifyOptions): AgentVerification {
  const claim = readSignatureClaim(message.headers);
  if (!claim.ok) return claim;
  const { signature, keyId, agentId, topic } = claim.value;
  const read = readAgentFields(message, agentId, topic);
  if (!read.ok) return read;
  const registered = opts.agentKeys.get(keyId);
  if (!registered) return fail('unknown-key', `key id '${keyId}' is not registered`);
  if (!isValidSignature(agentSigningBytes(read.fields, keyId), signature, registered.key)) return fail('bad-signature', `signature does not verify with key '${keyId}'`);
  if (registered.agentId !== agentId) return fail('wrong-agent', `key '${keyId}' belongs to agent '${registered.agentId}', not '${agentId}'`);
  if (message.key != null && message.key !== agentId) return fail('wrong-agent', `signed by agent '${agentId}', keyed '${message.key}'`);
  if (topic !== message.topic) return fail('wrong-topic', `signed for topic '${topic}', received on '${message.topic}'`);
  const window = checkWindow(read.envelope, opts.now, opts.skewMs);
  if (window) return window;
  if (opts.seen?.(read.fields.messageId)) return fail('replayed', `message id '${read.fields.messageId}' was already accepted`);
  const e = read.envelope;
  return {
    ok: true,
    keyId,
    agentId,
    type: e.type,
    messageId: e.messageId,
    issuedAt: e.issuedAt,
    ...(e.expiresAt !== undefined && { expiresAt: e.expiresAt }),
    rememberUntil: rememberUntil(e, opts.skewMs, opts.retainUnexpiringMs),
  };
}
