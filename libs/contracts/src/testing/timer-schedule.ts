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
