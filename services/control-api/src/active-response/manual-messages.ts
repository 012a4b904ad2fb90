import { randomUUID } from 'node:crypto';
import { ArMessageV1, auditMessage, createEnvelope, ExecCommandV1, withEnvelope, type OutgoingMessage, type Resolution, type Topics } from '@riposte/contracts';
import type { TriggerBody } from './trigger-body';
import { pythonJsonDumps } from './python-json';
import type { ManualTriggerPlan } from './plan-manual-trigger';
import { WAZUH_ERRORS } from './wazuh-errors';

/** Header naming the operator of a manual add, so the executor records it as the timer's `trigger.actor`. */
export const ACTOR_HEADER = ExecCommandV1.EXEC_HEADER.actor;

export interface ManualMessagesInput {
  readonly plan: ManualTriggerPlan;
  readonly body: TriggerBody;
  readonly actor: string;
  /** `origin.name`: the cluster node name, null without a cluster (Wazuh's API). */
  readonly nodeName: string | null;
  readonly now: number;
  readonly ttlMs: number;
  readonly topics: Topics;
  readonly service: string;
}

/**
 * The messages of one `PUT /active-response`, no I/O: for each agent sent to, the Wazuh API JSON (spec §6.1,
 * Python `json.dumps` bytes, origin module `API`) on its command topic with the envelope (one trace id for the
 * whole operator action) and the resolution header, plus a `manual.triggered` audit naming the actor; for each
 * agent refused, a `command.skipped` audit with Wazuh's reason.
 */
export function buildManualMessages(input: ManualMessagesInput): OutgoingMessage[] {
  const { plan, body, now, topics } = input;
  const traceId = randomUUID();
  const alert = body.alert ?? {};
  const value = pythonJsonDumps(
    ArMessageV1.buildArMessage({ nodeName: input.nodeName, module: 'API', command: body.command, extraArgs: body.arguments ?? [], alert }),
  );
  const facts = alertFacts(alert);
  const common = { at: now, service: input.service, actor: input.actor, arName: body.command, ...facts };
  const out: OutgoingMessage[] = [];
  for (const agentId of plan.sendTo) {
    const envelope = createEnvelope({ now, type: ExecCommandV1.TYPE_ADD, traceId, ttlMs: input.ttlMs });
    out.push(withEnvelope(topics.exec(agentId), agentId, value, envelope, { ...resolutionHeaders(plan.resolution), [ACTOR_HEADER]: input.actor }));
    out.push(
      auditMessage(
        topics,
        { type: 'manual.triggered', agentId, ...common, detail: { arguments: body.arguments ?? [], messageId: envelope.messageId, ...(plan.resolution && { resolution: plan.resolution }) } },
        { traceId, messageId: `${envelope.messageId}:audit` },
      ),
    );
  }
  for (const f of plan.failed) {
    const reason = `(${f.code}) ${WAZUH_ERRORS[f.code].message}`;
    out.push(auditMessage(topics, { type: 'command.skipped', agentId: f.agentId, ...common, reason, detail: { code: f.code, origin: 'PUT /active-response' } }, { traceId }));
  }
  return out;
}

function resolutionHeaders(r: Resolution | undefined) {
  return r ? ExecCommandV1.resolutionHeader(r) : {};
}

/** Alert id and rule id of the posted alert, when it has them, so `riposte tail audit --alert` finds the step. */
function alertFacts(alert: Record<string, unknown>): { alertId?: string; ruleId?: string } {
  const rule = alert.rule as { id?: unknown } | undefined;
  return {
    ...(typeof alert.id === 'string' && { alertId: alert.id }),
    ...(rule && typeof rule === 'object' && typeof rule.id === 'string' && { ruleId: rule.id }),
  };
}
