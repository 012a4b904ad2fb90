/**
 * Where a bound response goes (spec §1.2 "Where an AR runs", `OS_Exec()` [W:src/analysisd/alerts/exec.c]):
 *
 * 1. `server`, or `local` when the alert came from the manager (agent 000) → the manager, 000;
 * 2. otherwise `all`/`any` → every active agent **and the manager** (deviation e; Wazuh leaves 000 out);
 * 3. otherwise `defined-agent` → `%.3d` of `atoi(agent_id)`;
 * 4. otherwise `local` → the alert's agent (`%.3d` of `atoi(agent.id)`).
 *
 * A location naming several tokens follows that order and never does two branches (`server,all` → manager only).
 */
import { MANAGER_ID } from '@riposte/contracts';
import { atoi, formatAgentId } from './c-string';
import type { LocationKind, ResponseBlock } from './policy';

export interface Targets {
  /** The branch taken. */
  readonly location: LocationKind;
  readonly agents: readonly string[];
}

export function resolveTargets(block: ResponseBlock, alertAgentId: string, activeAgents: readonly string[]): Targets {
  const { flags } = block;
  if (flags.server || (flags.local && alertAgentId === MANAGER_ID)) {
    return { location: flags.server ? 'server' : 'local', agents: [MANAGER_ID] };
  }
  if (flags.all) return { location: 'all', agents: allAgents(activeAgents) };
  if (flags.definedAgent && block.definedAgent !== undefined) {
    return { location: 'defined-agent', agents: [block.definedAgent] };
  }
  return { location: 'local', agents: [formatAgentId(atoi(alertAgentId))] };
}

/** The manager plus every active agent, once each, in id order. */
function allAgents(activeAgents: readonly string[]): string[] {
  const ids = new Set<string>([MANAGER_ID, ...activeAgents]);
  return [...ids].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}
