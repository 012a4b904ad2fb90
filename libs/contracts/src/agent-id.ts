import { z } from 'zod';

/** Wazuh agent ids are digit strings of 3 to 8 characters ("000" is the manager). */
export const AgentIdSchema = z.string().regex(/^\d{3,8}$/, 'must be a Wazuh agent id of 3 to 8 digits, such as "001"');
export type AgentId = z.infer<typeof AgentIdSchema>;

/** The manager's own agent id: where `server` (and `local` on a manager alert) responses run. */
export const MANAGER_ID = '000';

/** True for a Wazuh agent id (`001`, `12345`). */
export function isAgentId(value: string): boolean {
  return AgentIdSchema.safeParse(value).success;
}
