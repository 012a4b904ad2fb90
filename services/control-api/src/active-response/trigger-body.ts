import { z } from 'zod';
import { ArMessageV1, describeIssues, isAgentId } from '@riposte/contracts';
import { alertFieldProblems, controlCharProblems } from '@riposte/responses';

/**
 * `ActiveResponseBody` of Wazuh's `PUT /active-response` (spec §6.1): `command` required, `arguments` become
 * `parameters.extra_args`, `alert` becomes `parameters.alert`. Unknown fields are refused so a typo such as
 * `argument` is not silently ignored; an alert or arguments no script may receive are refused with the reason.
 */
export const TriggerBodySchema = z
  .object({
    command: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }),
    arguments: z.array(z.string(), { invalid_type_error: 'must be an array of strings' }).optional(),
    alert: z.record(z.unknown(), { invalid_type_error: 'must be an object' }).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const issue of scriptInputIssues(b.alert, b.arguments)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
    if (!b.command.startsWith('!')) return;
    const script = b.command.slice(1);
    // execd refuses these too (spec §3.2 step 3); refusing here keeps them off the agents' topics.
    if (script === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['command'], message: 'custom script name missing after "!"' });
    else if (script.split(/[\\/]/).includes('..'))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['command'], message: `Active response command '${b.command}' vulnerable to directory traversal attack` });
  });

export type TriggerBody = z.infer<typeof TriggerBodySchema>;

/**
 * Input hardening: the alert and arguments of a manual trigger pass the checks every script path applies
 * (`@riposte/responses`): srcip a numeric IP and dstuser a valid username, as the built-ins read them, and no
 * control character in any field a script receives. A built-in would treat a bad srcip as absent; here the
 * operator is told, before anything is published.
 */
function scriptInputIssues(alert: Record<string, unknown> | undefined, args: readonly string[] | undefined): { path: string[]; message: string }[] {
  const message = ArMessageV1.buildArMessage({ nodeName: null, module: 'API', command: '', extraArgs: args ?? [], alert: alert ?? {} });
  return [...controlCharProblems(message), ...alertFieldProblems(message)].map((p) => ({
    path: p.field.replace(/^extra_args\./, 'arguments.').split('.'),
    message: p.problem,
  }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Validates the request body (400 with one line per bad field otherwise). */
export function parseTriggerBody(raw: unknown): Parsed<TriggerBody> {
  const r = TriggerBodySchema.safeParse(raw ?? {});
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: describeIssues(r.error) };
}

/**
 * `agents_list`: a comma list of agent ids; absent, empty or `*` = every agent (value undefined). Duplicates are
 * dropped, order kept.
 */
export function parseAgentsList(raw: unknown): Parsed<string[] | undefined> {
  if (raw === undefined || raw === '' || raw === '*' || raw === 'all') return { ok: true, value: undefined };
  if (typeof raw !== 'string') return { ok: false, issues: ['agents_list: must be one comma-separated list'] };
  const ids = raw.split(',').map((s) => s.trim());
  const bad = ids.filter((id) => !isAgentId(id));
  if (bad.length) return { ok: false, issues: bad.map((id) => `agents_list: '${id}' is not an agent id such as 001`) };
  return { ok: true, value: [...new Set(ids)] };
}
