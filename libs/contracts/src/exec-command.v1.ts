/**
 * What travels on an agent's own command topic (`topics.exec(agentId)`, keyed by agent id):
 * the body is the plain Wazuh AR message v1 (spec §3.1) — `command` is the response name (`firewall-drop600`,
 * `!custom.sh`) for an add, or `delete` for an undo (the stored add with `command:"delete"`, spec §3.3).
 *
 * Headers carry the envelope (`envelope.ts`) and, for adds, how the manager resolved the name (what a Wazuh agent
 * reads from the distributed ar.conf): executable, timeout, and whether the command declares `<expect>`
 * (deviation f: classic command-line arguments). An executor without these headers falls back to its own
 * `etc/shared/ar.conf`.
 *
 * Producers: matcher, control-api (adds), scheduler and control-api (deletes). Consumer: that agent's executor.
 */
import { z } from 'zod';
import { ContractViolationError } from './errors';
import type { Headers } from './envelope';

export const EXEC_HEADER = {
  resolution: 'riposte-ar',
  /** For deletes: the rkey the timer was kept under. */
  rkey: 'riposte-rkey',
  /** For deletes: the addedAt of the timer that fired; an executor skips a delete of an older generation. */
  generation: 'riposte-generation',
  /** For deletes of command-line scripts: the classic argument vector (JSON array). */
  legacyArgs: 'riposte-legacy-args',
  /** For manual adds (control API): the operator (token name); the executor records it as the timer's trigger.actor. */
  actor: 'riposte-actor',
} as const;

export const TYPE_ADD = 'command.add';
export const TYPE_DELETE = 'command.delete';

export const ResolutionSchema = z.object({
  arName: z.string().min(1),
  executable: z.string().min(1),
  timeoutSeconds: z.number().int().nonnegative(),
  /** The command's `<expect>` fields (e.g. `["srcip"]`); present = run as a command-line script too. */
  expect: z.array(z.string()).optional(),
});
export type Resolution = z.infer<typeof ResolutionSchema>;

export function resolutionHeader(r: Resolution): Headers {
  return { [EXEC_HEADER.resolution]: JSON.stringify(r) };
}

export function readResolution(h: Headers): Resolution | undefined {
  const raw = h[EXEC_HEADER.resolution];
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ContractViolationError(`header ${EXEC_HEADER.resolution}: not JSON`);
  }
  const r = ResolutionSchema.safeParse(value);
  if (!r.success) throw new ContractViolationError(`header ${EXEC_HEADER.resolution}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
