/**
 * What the registry and the scheduler accept from an agent (issue 10): a message signed by the key enrolled for an
 * agent, whose body speaks for that same agent. A valid signature of agent 002 over a heartbeat or timer request
 * naming 001 is refused as `wrong-agent`.
 */
import { verifyAgentMessage, type AgentMessage, type AgentVerification, type AgentVerifyOptions } from './agent-signature';
import { fail } from './signature-headers';

/** {@link verifyAgentMessage}, then `bodyAgentId` (the agent id the body names) must be the verified agent. */
export function verifyAgentSpeaksFor(message: AgentMessage, bodyAgentId: string, opts: AgentVerifyOptions): AgentVerification {
  const verdict = verifyAgentMessage(message, opts);
  if (!verdict.ok) return verdict;
  if (verdict.agentId !== bodyAgentId) return fail('wrong-agent', `signed by agent '${verdict.agentId}', the body speaks for '${bodyAgentId}'`);
  return verdict;
}
