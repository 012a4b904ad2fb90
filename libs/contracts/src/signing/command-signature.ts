/**
 * Signed commands (issue 10, zero-trust command path): the issuer (matcher, control-api, scheduler) signs every
 * field an executor acts on; the executor runs a command only when {@link verifyCommand} accepts it, so write
 * access to an agent's topic is no longer enough to run something there.
 *
 * Covered, in this order after the tag: target agent id, target topic, type (`command.add`/`command.delete`),
 * message id, issued-at, expires-at, trace id, the exact body bytes, the resolution header, the legacy-args
 * header, the rkey, the generation, the actor, and the signing key's id. Headers are covered as the exact strings
 * sent; an empty header counts as absent, as the executor reads it.
 */
import type { KeyObject } from 'node:crypto';
import { ContractViolationError } from '../errors';
import type { Headers } from '../envelope';
import { EXEC_HEADER, TYPE_ADD, TYPE_DELETE } from '../exec-command.v1';
import { encodeCanonical } from './canonical-fields';
import { fail, optionalHeader, parseEpochMs, type VerifyFailure } from './signature-headers';
import { checkFreshness, envelopeSignedFields, readSignedEnvelope, rememberUntil, sharedSignedFields, signatureHeaders, verifySignature, type FieldsRead, type FreshnessOptions, type SignedMessageFields } from './signed-envelope';

/** Domain separation: a command signature never verifies as anything else, nor as a later version. */
export const COMMAND_SIGNATURE_TAG = 'riposte/command-signature/v1';

export type CommandType = typeof TYPE_ADD | typeof TYPE_DELETE;

/** Everything a command signature covers (the key id is added by {@link signCommand}). */
export interface CommandFields extends SignedMessageFields {
  readonly type: CommandType;
  /** Epoch ms; absent = never expires (deletes). */
  readonly expiresAt?: number;
  /** The `riposte-ar` header exactly as sent. */
  readonly resolution?: string;
  /** The `riposte-legacy-args` header exactly as sent. */
  readonly legacyArgs?: string;
  readonly rkey?: string;
  /** Epoch ms: the `addedAt` of the timer a delete undoes. */
  readonly generation?: number;
  readonly actor?: string;
}

/** The canonical bytes a command signature covers. */
export function commandSigningBytes(f: CommandFields, keyId: string): Buffer {
  return encodeCanonical(COMMAND_SIGNATURE_TAG, [
    ...sharedSignedFields(f),
    f.resolution,
    f.legacyArgs,
    f.rkey,
    f.generation,
    f.actor,
    keyId,
  ]);
}

/** The signature headers to add to the command's own (envelope, resolution, delete headers). */
export function signCommand(fields: CommandFields, privateKey: KeyObject, keyId: string): Headers {
  return signatureHeaders(commandSigningBytes(fields, keyId), privateKey, keyId, fields.agentId, fields.topic);
}

/** A command as it is about to be sent or as it was received. */
export interface CommandMessage {
  readonly topic: string;
  readonly headers: Headers;
  readonly value: Buffer | string | null;
}

function isCommandType(type: string): type is CommandType {
  return type === TYPE_ADD || type === TYPE_DELETE;
}

/** The signed fields of a message for `agentId` on `topic`, read from its headers and value. */
function readCommandFields(m: CommandMessage, agentId: string, topic: string): FieldsRead<CommandFields> {
  const read = readSignedEnvelope(m.headers);
  if (!read.ok) return read;
  const e = read.value;
  if (!isCommandType(e.type)) return fail('malformed', `type '${e.type}' is not ${TYPE_ADD} or ${TYPE_DELETE}`);
  if (m.value === null) return fail('malformed', 'no value');
  const rawGeneration = optionalHeader(m.headers, EXEC_HEADER.generation);
  const generation = rawGeneration === undefined ? undefined : parseEpochMs(rawGeneration);
  if (rawGeneration !== undefined && generation === undefined) return fail('malformed', `header ${EXEC_HEADER.generation}: not epoch milliseconds`);
  const fields: CommandFields = {
    ...envelopeSignedFields(e, agentId, topic, m.value),
    type: e.type,
    resolution: optionalHeader(m.headers, EXEC_HEADER.resolution),
    legacyArgs: optionalHeader(m.headers, EXEC_HEADER.legacyArgs),
    rkey: optionalHeader(m.headers, EXEC_HEADER.rkey),
    generation,
    actor: optionalHeader(m.headers, EXEC_HEADER.actor),
  };
  return { ok: true, fields, envelope: e };
}

/**
 * Signs a command message built with `withEnvelope` (its value already encoded to the bytes that will be sent) and
 * returns its headers with the signature added. Throws ContractViolationError when the message is not a command.
 */
export function signCommandOutgoing(m: CommandMessage, agentId: string, privateKey: KeyObject, keyId: string): Headers {
  const read = readCommandFields(m, agentId, m.topic);
  if (!read.ok) throw new ContractViolationError(`cannot sign the command: ${read.detail}`);
  return { ...m.headers, ...signCommand(read.fields, privateKey, keyId) };
}

/** `skewMs` is the clock difference tolerated between issuer and executor; a delete (no expiry) is remembered `retainUnexpiringMs`. */
export interface CommandVerifyOptions extends FreshnessOptions {
  /** The executor's own agent id. */
  readonly agentId: string;
  /** Key id → Ed25519 public key of every trusted issuer (two ids of one issuer during a rotation). */
  readonly trustedKeys: ReadonlyMap<string, KeyObject>;
  /** The replay memory (required here): true when a command with this message id was already accepted. */
  readonly seen: (messageId: string) => boolean;
}

export interface VerifiedCommand {
  readonly ok: true;
  readonly keyId: string;
  readonly agentId: string;
  readonly type: CommandType;
  readonly messageId: string;
  readonly issuedAt: number;
  readonly expiresAt?: number;
  readonly generation?: number;
  /** Epoch ms until which the replay memory must keep `messageId`. */
  readonly rememberUntil: number;
}

export type CommandVerification = VerifiedCommand | VerifyFailure;

/**
 * Whether the executor may act on a message from its topic. Checked in this order: signed at all, well formed,
 * known key, signature, target agent and topic, a delete bound to a timer generation, validity window (with
 * skew), replay memory. Each refusal says why.
 */
export function verifyCommand(message: CommandMessage, opts: CommandVerifyOptions): CommandVerification {
  const read = verifySignature(message.headers, (agentId, topic) => readCommandFields(message, agentId, topic), { keys: opts.trustedKeys, publicKey: (k) => k, unknown: 'trusted' }, commandSigningBytes);
  if (!read.ok) return read;
  const { keyId, agentId, topic } = read.claim;
  if (agentId !== opts.agentId) return fail('wrong-agent', `signed for agent '${agentId}', this is agent '${opts.agentId}'`);
  if (topic !== message.topic) return fail('wrong-topic', `signed for topic '${topic}', received on '${message.topic}'`);
  const { fields, envelope } = read;
  // Deletes carry no expiry (an undo is never dropped); the generation is what makes a replayed one stale.
  if (fields.type === TYPE_DELETE && fields.generation === undefined) return fail('delete-without-generation', `delete without header ${EXEC_HEADER.generation}`);
  const stale = checkFreshness(envelope, opts);
  if (stale) return stale;
  return {
    ok: true,
    keyId,
    agentId,
    type: fields.type,
    messageId: fields.messageId,
    issuedAt: fields.issuedAt,
    ...(fields.expiresAt !== undefined && { expiresAt: fields.expiresAt }),
    ...(fields.generation !== undefined && { generation: fields.generation }),
    rememberUntil: rememberUntil(envelope, opts.skewMs, opts.retainUnexpiringMs),
  };
}
