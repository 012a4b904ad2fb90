import { counter } from '@riposte/bus';

/** The control API's Prometheus metrics (`GET /metrics`). */
export const controlApiMetrics = {
  manualDispatches: counter('riposte_control_manual_dispatches_total', 'Commands sent to agents by PUT /active-response, by response', ['response']),
  manualFailures: counter('riposte_control_manual_failures_total', 'Agents a PUT /active-response was not sent to, by Wazuh error code', ['code']),
  unblocks: counter('riposte_control_unblocks_total', 'Active responses lifted early by DELETE /active-responses'),
  agentKeys: counter('riposte_control_agent_keys_total', 'Agent keys enrolled or revoked through /agents/{id}/key, by action (enrolled | revoked)', ['action']),
  authFailures: counter('riposte_control_auth_failures_total', 'Requests refused by authentication (401) or authorisation (403)', ['status']),
  policyReloads: counter('riposte_control_policy_reloads_total', 'ossec.conf reloads, by outcome (reloaded | rejected)', ['outcome']),
};
