/**
 * PURE: what the matcher publishes for one alert, from the policy's decision. No clock, no randomness (both come in
 * as arguments), no I/O: the consumer around it does the reading and the sending.
 */
import { randomUUID } from 'node:crypto';
import { auditMessage, ExecCommandV1, isExpired, withEnvelope, type Alert, type AuditEvent, type Envelope, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { expectFields, type Decision, type Dispatch } from '@riposte/policy';

/** The `service` field of the matcher's audit events. */
export const SERVICE = 'matcher';

export interface PlanInput {
  readonly alert: Alert;
  /** The alert's own envelope (from its Kafka headers): its trace id and expiry carry over to the commands. */
  readonly envelope: Envelope;
  readonly decision: Decision;
  readonly topics: Topics;
  /** Epoch ms. */
  readonly now: number;
  /**
   * The agents with an enrolled key (issue 10): a dispatch to any other agent id sends nothing and creates no topic;
   * it is audited as `alert.unknown-agent`, as Wazuh drops messages for agents it does not know.
   */
  readonly enrolled: ReadonlySet<string>;
  /** Audit `alert.unmatched` when nothing is bound. @defaultValue false */
  readonly auditUnmatched?: boolean;
  /** Message ids of the new envelopes. @defaultValue randomUUID */
  readonly newId?: () => string;
}

/**
 * Every message one alert causes, in order: for each dispatch the Wazuh AR message v1 on the target agent's command
 * topic and an `alert.dispatched` audit (or, for an agent not enrolled, only an `alert.unknown-agent` audit); an
 * `alert.suppressed` audit per suppressed response; `alert.unmatched` when asked for. An expired alert causes only
 * a `command.skipped` audit.
 */
export function planMessages(input: PlanInput): OutgoingMessage[] {
  const { alert, envelope, decision, topics, now } = input;
  const audit = (event: Omit<AuditEvent, 'at' | 'service' | 'alertId' | 'ruleId'>) =>
    auditMessage(topics, { at: now, service: SERVICE, alertId: alert.id, ruleId: alert.rule.id, ...event }, envelope);

  if (isExpired(envelope, now)) {
    return [audit({ type: 'command.skipped', agentId: alert.agent.id, reason: 'expired', detail: { expiresAt: envelope.expiresAt } })];
  }
  const out: OutgoingMessage[] = [];
  for (const d of decision.dispatches) {
    if (!input.enrolled.has(d.agent)) {
      out.push(audit({ type: 'alert.unknown-agent', agentId: d.agent, arName: d.name, reason: 'not enrolled', detail: { target: d.agent, location: d.location, command: d.command } }));
      continue;
    }
    out.push(commandMessage(d, envelope, topics, now, input.newId ?? randomUUID));
    const explanation = decision.explanations.find((e) => e.responseIndex === d.responseIndex);
    out.push(
      audit({
        type: 'alert.dispatched',
        agentId: d.agent,
        arName: d.name,
        detail: { target: d.agent, location: d.location, command: d.command, timeout: d.timeout, explanation: explanation?.summary },
      }),
    );
  }
  for (const s of decision.suppressions) {
    out.push(audit({ type: 'alert.suppressed', agentId: alert.agent.id, arName: s.name, reason: s.reason, detail: { detail: s.detail } }));
  }
  if (input.auditUnmatched && decision.dispatches.length === 0 && decision.suppressions.length === 0) {
    out.push(audit({ type: 'alert.unmatched', agentId: alert.agent.id, detail: { level: decision.level, groups: decision.groupString } }));
  }
  return out;
}

/** The add command for one agent: the AR message exactly as the policy built it, keyed by agent id. */
function commandMessage(d: Dispatch, alertEnvelope: Envelope, topics: Topics, now: number, newId: () => string): OutgoingMessage {
  const envelope: Envelope = {
    messageId: newId(),
    issuedAt: now,
    expiresAt: alertEnvelope.expiresAt,
    traceId: alertEnvelope.traceId,
    type: ExecCommandV1.TYPE_ADD,
  };
  const resolution = ExecCommandV1.resolutionHeader({
    arName: d.name,
    executable: d.executable,
    // A negative <timeout> (Wazuh atoi) would make execd undo at once; we treat it as no timeout, as the executor does.
    timeoutSeconds: Math.max(0, d.timeout),
    ...(d.expect !== undefined && { expect: expectFields(d.expect) }),
  });
  return withEnvelope(topics.exec(d.agent), d.agent, d.message, envelope, resolution);
}

/** The agents whose command topics the messages use (those topics must exist before the send). */
export function commandTargets(messages: readonly OutgoingMessage[], topics: Topics): string[] {
  const ids = messages.filter((m) => m.topic.startsWith(topics.execPrefix)).map((m) => m.topic.slice(topics.execPrefix.length));
  return [...new Set(ids)];
}
