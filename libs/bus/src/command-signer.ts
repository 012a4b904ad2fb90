/**
 * Signs the commands a central service (matcher, control API, scheduler) publishes: every message to an agent's
 * `exec.<id>` topic, add and delete alike, over the exact value bytes the producer sends (the value becomes a
 * Buffer, which `BusProducer` passes through untouched). No Kafka here: a pure step between planning and `send`.
 */
import { ExecCommandV1, HEADER, InvariantViolation, signCommandOutgoing, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { encodeValue } from './bus-producer';
import type { SigningKey } from './key-files';

/** Nest token of the process's {@link CommandSigner}. */
export const SIGNER = Symbol('SIGNER');

export interface CommandSigner {
  /** The id of the key that signs (`riposte-key-id`). */
  readonly keyId: string;
  /** The same messages in order, each command signed; messages to other topics are returned as they are. */
  sign(messages: readonly OutgoingMessage[]): OutgoingMessage[];
}

/** The signer of one issuer key, for the command topics of `topics`' namespace. */
export function createCommandSigner(key: SigningKey, topics: Topics): CommandSigner {
  return {
    keyId: key.keyId,
    sign: (messages) => messages.map((m) => (m.topic.startsWith(topics.execPrefix) ? signOne(m, m.topic.slice(topics.execPrefix.length), key) : m)),
  };
}

function signOne(m: OutgoingMessage, agentId: string, key: SigningKey): OutgoingMessage {
  const headers = m.headers ?? {};
  // The executor refuses a delete that names no generation: an issuer must never send one.
  if (headers[HEADER.type] === ExecCommandV1.TYPE_DELETE && !headers[ExecCommandV1.EXEC_HEADER.generation]) {
    throw new InvariantViolation(`refusing to sign a delete for agent ${agentId} without header ${ExecCommandV1.EXEC_HEADER.generation}`);
  }
  const encoded = encodeValue(m.value);
  const value = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
  return { ...m, value, headers: signCommandOutgoing({ topic: m.topic, headers, value }, agentId, key.privateKey, key.keyId) };
}
