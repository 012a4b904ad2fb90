import type { AuditEvent, OutgoingMessage, Topics } from '@riposte/contracts';
import { counter } from '@riposte/bus';

/** The matcher's Prometheus counters (`GET /metrics`). */
export const matcherMetrics = {
  alertsIn: counter('riposte_matcher_alerts_total', 'Alerts read from the alerts topic (dead-lettered ones included)'),
  alertsSkipped: counter('riposte_matcher_alerts_skipped_total', 'Alerts not dispatched because of their envelope, by reason', ['reason']),
  dispatches: counter('riposte_matcher_dispatches_total', 'Commands sent to agents, by response (AR name)', ['response']),
  suppressions: counter('riposte_matcher_suppressions_total', 'Responses suppressed, by reason', ['reason']),
  policyReloads: counter('riposte_matcher_policy_reloads_total', 'ossec.conf reloads, by outcome (reloaded | rejected)', ['outcome']),
  heartbeats: counter('riposte_matcher_heartbeats_total', 'Agent heartbeats written to the registry'),
};

/** Counts what one alert caused, from its audit events (the one record of every outcome). */
export function countOutcomes(messages: readonly OutgoingMessage[], topics: Topics): void {
  for (const m of messages) {
    if (m.topic !== topics.audit) continue;
    const event = m.value as AuditEvent;
    if (event.type === 'alert.dispatched') matcherMetrics.dispatches.inc({ response: event.arName ?? 'unknown' });
    else if (event.type === 'alert.suppressed') matcherMetrics.suppressions.inc({ reason: event.reason ?? 'unknown' });
    else if (event.type === 'command.skipped') matcherMetrics.alertsSkipped.inc({ reason: event.reason ?? 'unknown' });
  }
}
