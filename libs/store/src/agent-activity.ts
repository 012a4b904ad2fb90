/** When an agent counts as active (pure: `now` is passed in). */
import type { AgentHeartbeat } from '@riposte/contracts';

/** Score of an agent in the active set: `at + ttlMs` while online, none once it says it is stopping. */
export function activeUntil(hb: Pick<AgentHeartbeat, 'at' | 'ttlMs' | 'status'>): number | null {
  return hb.status === 'online' ? hb.at + hb.ttlMs : null;
}

/** An agent is active while it is online and `at + ttlMs > now`. */
export function isAgentActive(hb: Pick<AgentHeartbeat, 'at' | 'ttlMs' | 'status'>, now: number): boolean {
  const until = activeUntil(hb);
  return until !== null && until > now;
}
