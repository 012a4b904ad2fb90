/**
 * `riposte run (--agent ID… | --all) -f NAME [-b SRCIP] [--arg …]`: Wazuh's `PUT /active-response`, accepting
 * `agent_control`'s flags (`-b <ip> -f <ar> -u <id>`, `-a`, `-L`).
 */
import type { CliCommand } from './cli-command';
import { API_FLAGS, apiTarget, asCliCommand, callApi, EXIT, EXITS_HELP, print, reportFailure, usageError, type ApiTarget, type CommandContext, type ControlCommand, type ExitCode } from './control-api.client';
import { bool, describeFlags, list, parseFlags, str, type FlagSpecs, type FlagValues } from './parse-flags';

interface WazuhResult {
  data: { affected_items: string[]; failed_items: { error: { code: number; message: string }; id: string[] }[] };
  message: string;
  error: 0 | 1 | 2;
}

/** agent_control hides the built-in restart lines from `-L` (spec §6.2). */
const HIDDEN = new Set(['restart-ossec0', 'restart-wazuh0']);

/** The flags of `riposte run`. */
export const RUN_FLAGS: FlagSpecs = {
  agent: { type: 'string', short: 'u', multiple: true, valueName: 'id', description: 'run on this agent (repeatable, or a comma list)' },
  all: { type: 'boolean', short: 'a', description: 'run on every agent but the manager (as Wazuh: inactive ones are reported)' },
  ar: { type: 'string', short: 'f', valueName: 'name', description: 'the response: an ar.conf name such as firewall-drop600, or !script (admin)' },
  block: { type: 'string', short: 'b', valueName: 'srcip', description: 'the address to act on: sent as the alert {"data":{"srcip":…}}' },
  arg: { type: 'string', multiple: true, valueName: 'arg', description: 'an extra argument (repeatable; --arg=-x for one starting with -)' },
  list: { type: 'boolean', short: 'L', description: 'list the available responses, like agent_control -L' },
  ...API_FLAGS,
};

/** The query and body of `PUT /active-response` from the flags, or a usage problem. */
export function buildRunRequest(values: FlagValues): { ok: true; query: string; body: { command: string; arguments?: string[]; alert?: Record<string, unknown> } } | { ok: false; message: string } {
  const command = str(values, 'ar');
  if (command === undefined) return { ok: false, message: "name the response with -f <name> (see 'riposte run -L')" };
  const agents = list(values, 'agent').flatMap((a) => a.split(',')).map((a) => a.trim());
  const all = bool(values, 'all');
  if (all === (agents.length > 0)) return { ok: false, message: 'give the agents (--agent <id> / -u <id>, repeatable) or --all (-a), not both' };
  const bad = agents.filter((a) => !/^\d{3,8}$/.test(a));
  if (bad.length) return { ok: false, message: `'${bad[0]}' is not an agent id such as 001` };
  const srcip = str(values, 'block');
  const args = list(values, 'arg');
  return {
    ok: true,
    query: all ? '' : `?agents_list=${[...new Set(agents)].join(',')}`,
    body: { command, ...(args.length && { arguments: args }), ...(srcip !== undefined && { alert: { data: { srcip } } }) },
  };
}

const USAGE = 'Usage: riposte run (--agent <id>… | --all) -f <name> [-b <srcip>] [--arg <arg>…] | riposte run -L   [--api <url>] [--token <token>] [--json]';

/** The command as the tests drive it (see {@link runCommand} for the CLI). */
export const run: ControlCommand = {
  name: 'run',
  summary: 'run an active response on agents now (agent_control -b/-f/-u/-a/-L)',
  usage: USAGE,
  help: `${USAGE}

Runs an active response on agents through the control API, with Wazuh's PUT /active-response semantics: the
agents it was sent to, and those it was not with Wazuh's reason (1701 unknown agent, 1707 not active, 1750
active response disabled on the agent, 1652 response not defined). agent_control's flags work as they are.

${EXITS_HELP} Some agents not reached is exit 1.

Options:
${describeFlags(RUN_FLAGS)}

Examples:
  riposte run -b 1.2.3.4 -f firewall-drop600 -u 001
  riposte run --all -f restart-wazuh0
`,
  async run(argv, ctx) {
    const flags = parseFlags(argv, RUN_FLAGS);
    if (!flags.ok) return usageError(ctx, this, flags.message);
    if (bool(flags.values, 'help')) return print(ctx, this.help);
    if (flags.positionals.length) return usageError(ctx, this, `unexpected argument '${flags.positionals[0]}'`);
    const target = apiTarget({ api: str(flags.values, 'api'), token: str(flags.values, 'token') }, ctx.env);
    const json = bool(flags.values, 'json');
    if (bool(flags.values, 'list')) return listResponses(ctx, target, json);
    const req = buildRunRequest(flags.values);
    if (!req.ok) return usageError(ctx, this, req.message);
    const r = await callApi<WazuhResult>(target, 'PUT', `/active-response${req.query}`, req.body);
    if (!r.ok) return reportFailure(ctx, this, r, json);
    if (json) ctx.out(JSON.stringify(r.body, null, 2));
    else {
      const sent = r.body.data.affected_items;
      if (sent.length) ctx.out(`Running active response '${req.body.command}' on: ${sent.join(', ')}`);
      for (const f of r.body.data.failed_items) ctx.out(`Not sent to ${f.id.join(', ')}: (${f.error.code}) ${f.error.message}`);
      ctx.out(r.body.message);
    }
    return r.body.error === 0 ? EXIT.ok : EXIT.failed;
  },
};

async function listResponses(ctx: CommandContext, target: ApiTarget, json: boolean): Promise<ExitCode> {
  const r = await callApi<{ data: { affected_items: { name: string; executable: string; timeoutSeconds: number }[] } }>(target, 'GET', '/active-response/responses');
  if (!r.ok) return reportFailure(ctx, run, r, json);
  const lines = r.body.data.affected_items.filter((l) => !HIDDEN.has(l.name));
  if (json) return print(ctx, JSON.stringify(lines, null, 2));
  ctx.out('');
  ctx.out('Available active responses:');
  ctx.out('');
  for (const l of lines) ctx.out(`   Response name: ${l.name}, command: ${l.executable}`);
  return EXIT.ok;
}

export const runCommand: CliCommand = asCliCommand(run);
