/**
 * The plain decisions of the undo path (claim → send → ack, release or park). No Redis, no Kafka, no clock.
 */
import type { OutgoingMessage } from '@riposte/contracts';
import type { ClaimedTimer } from '../stored-timer';

/** The deletes (and audits) of one agent's timers: they succeed or fail together, apart from every other agent. */
export interface AgentBatch {
  readonly agentId: string;
  readonly timers: ClaimedTimer[];
  readonly messages: OutgoingMessage[];
}

/** Groups claimed timers by agent, in the order of the first timer of each agent (messages to be added). */
export function groupByAgent(timers: readonly ClaimedTimer[]): AgentBatch[] {
  const byAgent = new Map<string, AgentBatch>();
  for (const t of timers) {
    const agentId = t.schedule.agentId;
    let batch = byAgent.get(agentId);
    if (!batch) byAgent.set(agentId, (batch = { agentId, timers: [], messages: [] }));
    batch.timers.push(t);
  }
  return [...byAgent.values()];
}

/** Backoff of a parked agent. */
export interface ParkPolicy {
  /** Wait before the first retry, ms. */
  readonly baseMs: number;
  /** Longest wait between retries, ms. */
  readonly maxMs: number;
}

/** How long the timers of an agent wait after its `attempt`-th failed send in a row (1, 2, …): doubling, capped. */
export function parkDelayMs(attempt: number, policy: ParkPolicy): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}
