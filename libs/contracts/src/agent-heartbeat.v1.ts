/**
 * An executor announces itself and heartbeats. Agent hosts hold Kafka credentials for their own topics only,
 * so this is how the central services (Redis registry) learn who is active.
 *
 * Produced by each executor to `topics.agents`, keyed by agent id. Consumed by the matcher's registry writer.
 */
import { z } from 'zod';
import { AgentIdSchema } from './agent-id';
import { parseWith } from './validate';

export const AgentHeartbeatSchema = z.object({
  agentId: AgentIdSchema,
  name: z.string(),
  os: z.string(),
  version: z.string(),
  status: z.enum(['online', 'stopping']),
  /** The agent's own `<active-response><disabled>` (spec §1.3). */
  arDisabled: z.boolean(),
  /** Epoch ms at the executor. */
  at: z.number().int().nonnegative(),
  /** How long after `at` the agent counts as active without another heartbeat. */
  ttlMs: z.number().int().positive(),
});
export type AgentHeartbeat = z.infer<typeof AgentHeartbeatSchema>;

export function parse(raw: unknown): AgentHeartbeat {
  return parseWith(AgentHeartbeatSchema, 'agent heartbeat', raw);
}
