import type { Alert } from '@riposte/contracts';
import { fixtureJson } from './fixtures';

let seq = 0;

/** The sshd brute-force alert of the fixtures (rule 5712, level 10, agent 000, srcip 203.0.113.77), one alerts.json line. */
export function sshdBruteForceAlert(): Alert {
  return fixtureJson<Alert>('ok/alerts/sshd-5712.json');
}


/**
 * A valid Wazuh alert, based on the fixtures' sshd brute-force alert, with a fresh id each time.
 * `anAlert({ agentId: '001', srcip: '10.0.0.7' })`.
 */
export function anAlert(o: { agentId?: string; agentName?: string; srcip?: string | null; dstuser?: string; ruleId?: string; level?: number; groups?: string[]; id?: string } = {}): Alert {
  const base = sshdBruteForceAlert();
  const data: Record<string, unknown> = { ...(base.data ?? {}) };
  if (o.srcip === null) delete data.srcip;
  else if (o.srcip !== undefined) data.srcip = o.srcip;
  if (o.dstuser !== undefined) data.dstuser = o.dstuser;
  return {
    ...base,
    id: o.id ?? `${Math.floor(Date.now() / 1000)}.${++seq}${Math.floor(Math.random() * 1e6)}`,
    rule: { ...base.rule, id: o.ruleId ?? base.rule.id, level: o.level ?? base.rule.level, groups: o.groups ?? base.rule.groups },
    agent: { id: o.agentId ?? '000', name: o.agentName ?? (o.agentId ? `agent-${o.agentId}` : base.agent.name) },
    data,
  };
}
