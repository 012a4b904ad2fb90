/**
 * PURE: the heartbeat as the registry stores it (issue 10). An agent cannot claim the future — `at` is at most the
 * receive time, so an `at` of 9e15 cannot make every later heartbeat of that agent look older and be ignored —
 * and cannot stay active for ever: the TTL is at most `maxTtlMs`.
 */
import type { AgentHeartbeat } from '@riposte/contracts';

export function boundHeartbeat(hb: AgentHeartbeat, receivedAt: number, maxTtlMs: number): AgentHeartbeat {
  return { ...hb, at: Math.min(hb.at, receivedAt), ttlMs: Math.min(hb.ttlMs, maxTtlMs) };
}
