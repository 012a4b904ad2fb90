import type { Alert } from '@riposte/contracts';
import { sshdBruteForceAlert } from './fixtures';

let seq = 0;

/**
 * A valid Wazuh alert, based on the real sshd brute-force alert, with a fresh id each time.
 * `anAlert({ agentId: '001', srcip: '10.0.0.7' })`.
 */
export function anAlert(o: { agentId?: string; agentName?: string; srcip?: string | null; dstuser?: string; ruleId?: string; level?: number; groups?: string[]; id?: string } = {}): Alert {
  const base = sshdBruteForceAlert() as Alert;
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
