/**
 * The one place an executor signs what it publishes for the central services (issue 10): heartbeats on
 * `topics.agents` and timer requests on `topics.timers` (reconcile announcements included), with the agent's own
 * key (`EXECUTOR_KEY_FILE`), over the exact value bytes the producer sends. The matcher's registry and the
 * scheduler drop anything else. No Kafka here: a pure step between building the messages and `send`.
 */
import { signAgentOutgoing, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { encodeValue } from './bus-producer';
import type { SigningKey } from './key-files';

/** Nest token of the executor's {@link AgentSigner}. */
export const AGENT_SIGNER = Symbol('AGENT_SIGNER');

export interface AgentSigner {
  /** The agent this key speaks for (`AGENT_ID`). */
  readonly agentId: string;
  /** The id of the agent's key (`riposte-key-id`): what an admin enrols. */
  readonly keyId: string;
  /**
   * The same messages in order; each one to the heartbeat or the timer topic signed for {@link agentId} (its value
   * becomes the Buffer that is sent), the others (audit) as they are. A message without envelope headers throws
   * ContractViolationError: every message must be built with `withEnvelope`.
   */
  sign(messages: readonly OutgoingMessage[]): OutgoingMessage[];
}

/** The signer of agent `agentId`'s key, for the heartbeat and timer topics of `topics`' namespace. */
export function createAgentSigner(agentId: string, key: SigningKey, topics: Pick<Topics, 'agents' | 'timers'>): AgentSigner {
  const signed = new Set([topics.agents, topics.timers]);
  return {
    agentId,
    keyId: key.keyId,
    sign: (messages) => messages.map((m) => (signed.has(m.topic) ? signOne(m, agentId, key) : m)),
  };
}

function signOne(m: OutgoingMessage, agentId: string, key: SigningKey): OutgoingMessage {
  const encoded = encodeValue(m.value);
  const value = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
  return { ...m, value, headers: signAgentOutgoing({ topic: m.topic, key: m.key, headers: m.headers ?? {}, value }, agentId, key.privateKey, key.keyId) };
}
