/**
 * The headers a signed message carries beside the envelope (`envelope.ts` HEADER). The signed target (agent and
 * topic) travels too, so that a message copied to another agent's topic is reported as such (`wrong-agent`,
 * `wrong-topic`) rather than as a mere bad signature.
 */
import type { Headers } from '../envelope';

export const SIGNATURE_HEADER = {
  /** Ed25519 signature of the canonical fields, base64 (64 bytes). */
  signature: 'riposte-signature',
  /** Which trusted key signed (see `keyIdOf`). */
  keyId: 'riposte-key-id',
  /** The agent the command is for (commands) or the agent that speaks (heartbeats, timer requests). */
  agent: 'riposte-signed-agent',
  /** The topic the signer published to. */
  topic: 'riposte-signed-topic',
} as const;

/** Ed25519 signatures are always 64 bytes. */
export const SIGNATURE_BYTES = 64;

/** Why a message was refused; `detail` says which field or value. */
export type VerifyFailureReason =
  | 'unsigned'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-agent'
  | 'wrong-topic'
  | 'expired'
  | 'not-yet-valid'
  | 'replayed'
  | 'delete-without-generation'
  | 'malformed';

export interface VerifyFailure<R extends VerifyFailureReason = VerifyFailureReason> {
  readonly ok: false;
  readonly reason: R;
  readonly detail: string;
}

export function fail<R extends VerifyFailureReason>(reason: R, detail: string): VerifyFailure<R> {
  return { ok: false, reason, detail };
}

/** A header as the executor reads it: an empty value counts as absent (as `fromHeaders`/`readResolution` do). */
export function optionalHeader(h: Headers, name: string): string | undefined {
  const v = h[name];
  return v === undefined || v === '' ? undefined : v;
}

/** Strict epoch milliseconds: digits only, a safe integer; `undefined` when the text is not one. */
export function parseEpochMs(text: string): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The 64 signature bytes of a base64 header, or `undefined` when it is not canonical base64 of 64 bytes. */
export function decodeSignature(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === SIGNATURE_BYTES && bytes.toString('base64') === text ? bytes : undefined;
}
