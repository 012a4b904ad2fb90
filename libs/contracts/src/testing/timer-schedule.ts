/** Spec builder shared by the specs that need a stored timer request (contracts' delete command, store's decisions). */
import type { Schedule } from '../timer-request.v1';

/** A firewall-drop600 schedule for 10.0.0.7 added at 1 000 000 ms with a 600 s timeout (agent 001); `o` overrides. */
export function aSchedule(o: Partial<Schedule> = {}): Schedule {
  return {
    type: 'schedule',
    agentId: '001',
    rkey: 'firewall-drop-10.0.0.7',
    arName: 'firewall-drop600',
    deleteMessage: { version: 1, origin: { name: 'node01', module: 'wazuh-execd' }, command: 'delete', parameters: {} },
    keys: ['10.0.0.7'],
    addedAt: 1_000_000,
    timeoutSeconds: 600,
    trigger: { alertId: '1.2', ruleId: '5712' },
    ...o,
  };
}

/**
 * Agent `agentId`'s firewall-drop600 schedule for `key` (rkey `firewall-drop-<key>`), its delete carrying alert
 * `alert-<key>` with that srcip; `o` overrides (addedAt and timeoutSeconds default to 1 000 000 ms and 600 s).
 */
export function aScheduleFor(agentId: string, key: string, o: Partial<Schedule> = {}): Schedule {
  const alertId = `alert-${key}`;
  return aSchedule({
    agentId,
    rkey: `firewall-drop-${key}`,
    deleteMessage: {
      version: 1,
      origin: { name: 'node01', module: 'wazuh-analysisd' },
      command: 'delete',
      parameters: { extra_args: [], alert: { id: alertId, data: { srcip: key } }, program: 'active-response/bin/firewall-drop' },
    },
    keys: [key],
    trigger: { alertId, ruleId: '5712' },
    ...o,
  });
}
