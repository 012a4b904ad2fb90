/**
 * The steps both signature kinds share when verifying: read the signature headers and the envelope without
 * throwing, check the Ed25519 signature, check the validity window and the replay memory. Pure: `now` is an
 * argument and the replay memory is a port.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { HEADER, type Headers } from '../envelope';
import type { CanonicalField } from './canonical-fields';
import { decodeSignature, fail, optionalHeader, parseEpochMs, SIGNATURE_HEADER, type VerifyFailure, type VerifyFailureReason } from './signature-headers';

/** How long a message without an expiry stays in the replay memory, counted from its issue. */
export const DEFAULT_RETAIN_UNEXPIRING_MS = 30 * 24 * 3600 * 1000;

/** What the signature headers claim. */
export interface SignatureClaim {
  readonly signature: Buffer;
  readonly keyId: string;
  readonly agentId: string;
  readonly topic: string;
}

/** The envelope fields a signature covers. */
export interface SignedEnvelope {
  readonly messageId: string;
  readonly issuedAt: number;
  readonly expiresAt?: number;
  readonly traceId?: string;
  readonly type: string;
}

/** The fields both signature kinds cover first, in this order. */
export interface SignedMessageFields {
  readonly agentId: string;
  readonly topic: string;
  readonly type: string;
  readonly messageId: string;
  /** Epoch ms. */
  readonly issuedAt: number;
  readonly expiresAt?: number;
  readonly traceId?: string;
  /** The exact bytes of the Kafka value (a string is taken as UTF-8). */
  readonly body: Uint8Array | string;
}

/** The canonical fields every signature starts with: agent id, topic, type, message id, issued-at, expires-at, trace id, body bytes. */
export function sharedSignedFields(f: SignedMessageFields): CanonicalField[] {
  return [f.agentId, f.topic, f.type, f.messageId, f.issuedAt, f.expiresAt, f.traceId, typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body];
}

/** The fields of `e` and `body` as signed for `agentId` on `topic`. */
export function envelopeSignedFields(e: SignedEnvelope, agentId: string, topic: string, body: Uint8Array | string): SignedMessageFields {
  return { agentId, topic, type: e.type, messageId: e.messageId, issuedAt: e.issuedAt, expiresAt: e.expiresAt, traceId: e.traceId, body };
}

/** Signs `data` and returns the signature headers that claim it for `agentId` on `topic`. */
export function signatureHeaders(data: Buffer, privateKey: KeyObject, keyId: string, agentId: string, topic: string): Headers {
  return {
    [SIGNATURE_HEADER.signature]: sign(null, data, privateKey).toString('base64'),
    [SIGNATURE_HEADER.keyId]: keyId,
    [SIGNATURE_HEADER.agent]: agentId,
    [SIGNATURE_HEADER.topic]: topic,
  };
}

export type Read<T, R extends VerifyFailureReason> = { readonly ok: true; readonly value: T } | VerifyFailure<R>;

/** `unsigned` when there is no signature or no key id; `malformed` when the rest of the claim is missing or bad. */
export function readSignatureClaim(h: Headers): Read<SignatureClaim, 'unsigned' | 'malformed'> {
  const rawSignature = optionalHeader(h, SIGNATURE_HEADER.signature);
  const keyId = optionalHeader(h, SIGNATURE_HEADER.keyId);
  if (rawSignature === undefined || keyId === undefined) {
    return fail('unsigned', `missing header ${rawSignature === undefined ? SIGNATURE_HEADER.signature : SIGNATURE_HEADER.keyId}`);
  }
  const signature = decodeSignature(rawSignature);
  if (!signature) return fail('malformed', `header ${SIGNATURE_HEADER.signature}: not base64 of 64 bytes`);
  const agentId = optionalHeader(h, SIGNATURE_HEADER.agent);
  if (agentId === undefined) return fail('malformed', `missing header ${SIGNATURE_HEADER.agent}`);
  const topic = optionalHeader(h, SIGNATURE_HEADER.topic);
  if (topic === undefined) return fail('malformed', `missing header ${SIGNATURE_HEADER.topic}`);
  return { ok: true, value: { signature, keyId, agentId, topic } };
}

/** The envelope headers, strictly: epoch milliseconds as digits only. */
export function readSignedEnvelope(h: Headers): Read<SignedEnvelope, 'malformed'> {
  const messageId = optionalHeader(h, HEADER.messageId);
  if (messageId === undefined) return fail('malformed', `missing header ${HEADER.messageId}`);
  const type = optionalHeader(h, HEADER.type);
  if (type === undefined) return fail('malformed', `missing header ${HEADER.type}`);
  const rawIssued = optionalHeader(h, HEADER.issuedAt);
  const issuedAt = rawIssued === undefined ? undefined : parseEpochMs(rawIssued);
  if (issuedAt === undefined) return fail('malformed', `header ${HEADER.issuedAt}: missing or not epoch milliseconds`);
  const rawExpires = optionalHeader(h, HEADER.expiresAt);
  const expiresAt = rawExpires === undefined ? undefined : parseEpochMs(rawExpires);
  if (rawExpires !== undefined && expiresAt === undefined) return fail('malformed', `header ${HEADER.expiresAt}: not epoch milliseconds`);
  const traceId = optionalHeader(h, HEADER.traceId);
  return { ok: true, value: { messageId, type, issuedAt, ...(expiresAt !== undefined && { expiresAt }), ...(traceId !== undefined && { traceId }) } };
}

/** True when `signature` is `key`'s Ed25519 signature of `data`; a key of another kind never verifies. */
export function isValidSignature(data: Buffer, signature: Buffer, key: KeyObject): boolean {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== 'public') return false;
  try {
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

/** Validity window with `skewMs` of tolerance on both sides: issued no later than now+skew, expired only after expiry+skew. */
export function checkWindow(e: SignedEnvelope, now: number, skewMs: number): VerifyFailure<'not-yet-valid' | 'expired'> | undefined {
  if (e.issuedAt > now + skewMs) return fail('not-yet-valid', `issued at ${e.issuedAt}, now ${now}, skew ${skewMs} ms`);
  if (e.expiresAt !== undefined && now > e.expiresAt + skewMs) return fail('expired', `expired at ${e.expiresAt}, now ${now}, skew ${skewMs} ms`);
  return undefined;
}

/** Until when a replay memory must remember the message: past it, the window check refuses it anyway. */
export function rememberUntil(e: SignedEnvelope, skewMs: number, retainUnexpiringMs = DEFAULT_RETAIN_UNEXPIRING_MS): number {
  return (e.expiresAt ?? e.issuedAt + retainUnexpiringMs) + skewMs;
}

/** A message's signed fields as read from its headers and value, with the envelope they came from. */
export type FieldsRead<F> = { readonly ok: true; readonly fields: F; readonly envelope: SignedEnvelope } | VerifyFailure<'malformed'>;

/** Where the verifier finds the key a key id names; `unknown` ends the refusal (`key id 'x' is not <unknown>`). */
export interface KeyLookup<K> {
  readonly keys: ReadonlyMap<string, K>;
  readonly publicKey: (entry: K) => KeyObject;
  readonly unknown: string;
}

/** A message whose signature verifies with a known key; agent, topic, window and replay are still to check. */
export interface SignatureVerified<F, K> {
  readonly ok: true;
  readonly claim: SignatureClaim;
  readonly fields: F;
  readonly envelope: SignedEnvelope;
  readonly entry: K;
}

/** The checks both kinds start with, in this order: signed at all, well formed, known key, signature. */
export function verifySignature<F, K>(
  headers: Headers,
  readFields: (agentId: string, topic: string) => FieldsRead<F>,
  lookup: KeyLookup<K>,
  signingBytes: (fields: F, keyId: string) => Buffer,
): SignatureVerified<F, K> | VerifyFailure<'unsigned' | 'malformed' | 'unknown-key' | 'bad-signature'> {
  const claim = readSignatureClaim(headers);
  if (!claim.ok) return claim;
  const { signature, keyId, agentId, topic } = claim.value;
  const read = readFields(agentId, topic);
  if (!read.ok) return read;
  const entry = lookup.keys.get(keyId);
  if (entry === undefined) return fail('unknown-key', `key id '${keyId}' is not ${lookup.unknown}`);
  if (!isValidSignature(signingBytes(read.fields, keyId), signature, lookup.publicKey(entry))) return fail('bad-signature', `signature does not verify with key '${keyId}'`);
  return { ok: true, claim: claim.value, fields: read.fields, envelope: read.envelope, entry };
}

/** What both kinds need to check a signed message's validity window and replay memory. */
export interface FreshnessOptions {
  /** Epoch ms. */
  readonly now: number;
  /** Clock difference tolerated between signer and verifier, in ms. */
  readonly skewMs: number;
  /** Replay memory: true when a message with this id was already accepted. */
  readonly seen?: (messageId: string) => boolean;
  /** How long a message without expiry is remembered. @defaultValue 30 days */
  readonly retainUnexpiringMs?: number;
}

/** The checks both kinds end with, in this order: validity window (with skew), replay memory (when given). */
export function checkFreshness(e: SignedEnvelope, opts: FreshnessOptions): VerifyFailure<'not-yet-valid' | 'expired' | 'replayed'> | undefined {
  const window = checkWindow(e, opts.now, opts.skewMs);
  if (window) return window;
  if (opts.seen?.(e.messageId)) return fail('replayed', `message id '${e.messageId}' was already accepted`);
  return undefined;
}
