import { counter, gauge, histogram } from '@riposte/bus';

/** The scheduler's Prometheus metrics (served by `MetricsController` at `GET /metrics`). */
export const schedulerMetrics = {
  active: gauge('riposte_scheduler_timers_active', 'Pending timers in Redis (waiting or being fired), all instances'),
  fired: counter('riposte_scheduler_timers_fired_total', 'Deletes published for due timers, by kind (due; early unblocks are counted by the control API)', ['kind']),
  lateness: histogram('riposte_scheduler_fire_lateness_seconds', 'How long after its due time a timer delete was published', [], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300]),
  requests: counter('riposte_scheduler_timer_requests_total', 'Timer requests handled, by type and outcome', ['type', 'outcome']),
  parked: counter('riposte_scheduler_timers_parked_total', "Timers put back with backoff because their agent's topic refused the delete, by reason", ['reason']),
  clockClamped: counter('riposte_scheduler_clock_clamped_total', "Timer requests whose agent clock was outside the skew allowance (due time counted from receipt), by side", ['basis']),
  reclaimed: counter('riposte_scheduler_leases_reclaimed_total', 'Claims whose lease expired before their ack (claimer died or hung)'),
};
