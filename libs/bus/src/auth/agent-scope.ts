import type { Caller } from './tokens';

/** True when the caller may act on (and see) this agent. */
export function mayActOn(caller: Caller, agentId: string): boolean {
  return !caller.agents || caller.agents.has(agentId);
}

/** The ids among `agentIds` the caller may not act on (empty = all allowed). */
export function outsideScope(caller: Caller, agentIds: Iterable<string>): string[] {
  return [...agentIds].filter((id) => !mayActOn(caller, id));
}

/** Keeps the items whose agent the caller may see. */
export function withinScope<T>(caller: Caller, items: readonly T[], agentOf: (item: T) => string): T[] {
  return caller.agents ? items.filter((i) => mayActOn(caller, agentOf(i))) : [...items];
}
