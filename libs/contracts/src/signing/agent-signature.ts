/**
 * Agent identity (issue 10): each executor signs what it publishes for the central services (heartbeats on
 * `topics.agents`, timer requests on `topics.timers`) with its own key, and the consumers accept a message only
 * when {@link verifyAgentMessage} finds it signed by a key registered to the agent it speaks for. An agent's
 * Kafka credentials alone then no longer let it heartbeat, or schedule deletes, as another agent.
 *
 * Covered, in this order after the tag: agent id, topic, envelope type, message id, issued-at, expires-at, trace
 * id, the exact body bytes, and the signing key's id.
 */
import type { KeyObject } from 'node:crypto';
import { ContractViolationError } from '../errors';
import type { Headers } from '../envelope';
import { encodeCanonical } from './canonical-fields';
import { fail, type VerifyFailure, type VerifyFailureReason } from './signature-headers';
import { checkFreshness, envelopeSignedFields, readSignedEnvelope, rememberUntil, sharedSignedFields, signatureHeaders, verifySignature, type FieldsRead, type FreshnessOptions, type SignedMessageFields } from './signed-envelope';

/** Domain separation from command signatures (and from later versions). */
export const AGENT_SIGNATURE_TAG = 'riposte/agent-signature/v1';

/** Everything an agent signature covers (the key id is added by {@link signAgentMessage}). */
export interface AgentMessageFields extends SignedMessageFields {
  /** The envelope type (`agent.heartbeat`, `timer.schedule`, ...). */
  readonly type: string;
}

/** The canonical bytes an agent signature covers. */
export function agentSigningBytes(f: AgentMessageFields, keyId: string): Buffer {
  return encodeCanonical(AGENT_SIGNATURE_TAG, [...sharedSignedFields(f), keyId]);
}

/** The signature headers to add to the message's own envelope headers. */
export function signAgentMessage(fields: AgentMessageFields, privateKey: KeyObject, keyId: string): Headers {
  return signatureHeaders(agentSigningBytes(fields, keyId), privateKey, keyId, fields.agentId, fields.topic);
}

/** A message an agent publishes, keyed by its agent id. */
export interface AgentMessage {
  readonly topic: string;
  /** The Kafka key; when present it must be the signing agent's id. */
  readonly key?: string | null;
  readonly headers: Headers;
  readonly value: Buffer | string | null;
}

function readAgentFields(m: AgentMessage, agentId: string, topic: string): FieldsRead<AgentMessageFields> {
  const read = readSignedEnvelope(m.headers);
  if (!read.ok) return read;
  if (m.value === null) return fail('malformed', 'no value');
  const e = read.value;
  return { ok: true, envelope: e, fields: envelopeSignedFields(e, agentId, topic, m.value) };
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

/** `skewMs` is the clock difference tolerated between agent and consumer; the replay memory `seen` is optional. */
export interface AgentVerifyOptions extends FreshnessOptions {
  /** Key id → the agent it is registered to and its Ed25519 public key. */
  readonly agentKeys: ReadonlyMap<string, AgentKey>;
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
  const read = verifySignature(message.headers, (agentId, topic) => readAgentFields(message, agentId, topic), { keys: opts.agentKeys, publicKey: (k) => k.key, unknown: 'registered' }, agentSigningBytes);
  if (!read.ok) return read;
  const { keyId, agentId, topic } = read.claim;
  if (read.entry.agentId !== agentId) return fail('wrong-agent', `key '${keyId}' belongs to agent '${read.entry.agentId}', not '${agentId}'`);
  if (message.key != null && message.key !== agentId) return fail('wrong-agent', `signed by agent '${agentId}', keyed '${message.key}'`);
  if (topic !== message.topic) return fail('wrong-topic', `signed for topic '${topic}', received on '${message.topic}'`);
  const stale = checkFreshness(read.envelope, opts);
  if (stale) return stale;
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
