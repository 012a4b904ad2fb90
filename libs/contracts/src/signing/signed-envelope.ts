/**
 * The steps both signature kinds share when verifying: read the signature headers and the envelope without
 * throwing, check the Ed25519 signature, check the validity window and the replay memory. Pure: `now` is an
 * argument and the replay memory is a port.
 */
import { verify, type KeyObject } from 'node:crypto';
import { HEADER, type Headers } from '../envelope';
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
