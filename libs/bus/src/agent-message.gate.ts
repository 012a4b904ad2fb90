/**
 * The check every consumer of what agents say runs (issue 10): the matcher's registry on heartbeats, the scheduler
 * on timer requests. A message is admitted only when signed by the key enrolled for an agent and its body speaks
 * for that agent (`verifyAgentSpeaksFor`); anything else is refused with a {@link MessageRefusedError}, so the
 * consumer host dead-letters it with the reason and publishes one `<kind>.rejected` audit event, and nothing else
 * happens. The enrolled keys come through a narrow port (`EnrolledAgents` of `@riposte/store` fits it).
 */
import { auditMessage, HEADER, MessageRefusedError, SIGNATURE_HEADER, verifyAgentSpeaksFor, type AgentKey, type AuditEvent, type Clock, type Topics, type VerifiedAgentMessage, type VerifyFailure } from '@riposte/contracts';
import type { IncomingMessage } from './consumer-host';
import { counter } from './metrics';

/** Refused agent messages by audit type and reason, on `GET /metrics`. */
const rejected = counter('riposte_agent_messages_rejected_total', 'Heartbeats and timer requests refused for their signature, by audit type and reason', ['type', 'reason']);

/** Longest text an attacker-chosen header may put into an audit event. */
const MAX_TEXT = 256;
const short = (text: string | undefined): string | undefined => (text ? text.slice(0, MAX_TEXT) : undefined);

/** Where the gate finds the enrolled keys (cached: `EnrolledAgents.current`). */
export interface AgentKeySource {
  current(now: number): Promise<{ readonly agentKeys: ReadonlyMap<string, AgentKey> }>;
}

export interface AgentMessageGateDeps {
  readonly enrolled: AgentKeySource;
  readonly topics: Topics;
  readonly clock: Clock;
  /** Clock difference tolerated with the agents, in ms. */
  readonly skewMs: number;
  /** The `service` of the audit events. */
  readonly service: string;
  /** The audit type of a refusal. */
  readonly rejectedType: Extract<AuditEvent['type'], 'heartbeat.rejected' | 'timer.rejected'>;
}

export class AgentMessageGate {
  constructor(private readonly deps: AgentMessageGateDeps) {}

  /** The verified message when agent `bodyAgentId` signed it with its enrolled key; else throws MessageRefusedError. */
  async admit(m: IncomingMessage, bodyAgentId: string): Promise<VerifiedAgentMessage> {
    const now = this.deps.clock();
    const { agentKeys } = await this.deps.enrolled.current(now);
    const verdict = verifyAgentSpeaksFor({ topic: m.topic, key: m.key, headers: m.headers, value: m.value }, bodyAgentId, { agentKeys, now, skewMs: this.deps.skewMs });
    if (!verdict.ok) throw this.refusal(m, bodyAgentId, verdict, now);
    return verdict;
  }

  private refusal(m: IncomingMessage, bodyAgentId: string, verdict: VerifyFailure, now: number): MessageRefusedError {
    const { rejectedType: type, service, topics } = this.deps;
    const keyId = short(m.headers[SIGNATURE_HEADER.keyId]);
    const signedAgent = short(m.headers[SIGNATURE_HEADER.agent]);
    const messageId = short(m.headers[HEADER.messageId]);
    const detail = verdict.detail.slice(0, 2 * MAX_TEXT);
    const event: AuditEvent = {
      type,
      at: now,
      service,
      // Validated by the body's schema (an agent id), so safe to show; it is who the message claims to be.
      agentId: bodyAgentId,
      reason: verdict.reason,
      detail: { detail, ...(keyId && { keyId }), ...(signedAgent && { signedAgent }), ...(messageId && { messageId }), topic: m.topic, partition: m.partition, offset: m.offset },
    };
    const where = `${m.topic}:${m.partition}:${m.offset}`;
    // One audit per record, whatever message id an attacker put on it.
    const audit = auditMessage(topics, event, { traceId: short(m.headers[HEADER.traceId]) ?? where, messageId: `${type}:${where}` });
    rejected.inc({ type, reason: verdict.reason });
    return new MessageRefusedError(`${type}: ${verdict.reason}: ${detail}`, [audit]);
  }
}
