/**
 * `riposte agents [--json]`: the agent registry (`GET /agents`).
 */
import type { CliCommand } from './cli-command';
import { API_FLAGS, apiTarget, asCliCommand, callApi, EXIT, EXITS_HELP, isoSeconds, print, reportFailure, table, usageError, type ControlCommand } from './control-api.client';
import { bool, describeFlags, parseFlags, str } from './parse-flags';

interface Agent {
  id: string;
  name: string;
  os: string;
  version: string;
  lastSeen: string;
  active: boolean;
  arDisabled: boolean;
}

const USAGE = 'Usage: riposte agents [--api <url>] [--token <token>] [--json]';

/** The command as the tests drive it (see {@link agentsCommand} for the CLI). */
export const agents: ControlCommand = {
  name: 'agents',
  summary: 'list the agents: id, name, OS, version, last seen, active or not',
  usage: USAGE,
  help: `${USAGE}

Lists the agents the registry knows (executors announce themselves with heartbeats): id, name, OS, version,
last heartbeat, whether the agent is active (riposte run reaches only active agents) and whether active response
is disabled on it. A token limited to some agents sees only those.

${EXITS_HELP}

Options:
${describeFlags(API_FLAGS)}
`,
  async run(argv, ctx) {
    const flags = parseFlags(argv, API_FLAGS);
    if (!flags.ok) return usageError(ctx, this, flags.message);
    if (bool(flags.values, 'help')) return print(ctx, this.help);
    if (flags.positionals.length) return usageError(ctx, this, `unexpected argument '${flags.positionals[0]}'`);
    const json = bool(flags.values, 'json');
    const r = await callApi<{ data: { affected_items: Agent[] } }>(apiTarget({ api: str(flags.values, 'api'), token: str(flags.values, 'token') }, ctx.env), 'GET', '/agents');
    if (!r.ok) return reportFailure(ctx, this, r, json);
    if (json) return print(ctx, JSON.stringify(r.body, null, 2));
    const list = r.body.data.affected_items;
    if (list.length === 0) return print(ctx, 'No agents have announced themselves yet.');
    const rows = list.map((a) => [a.id, a.name, a.os, a.version, isoSeconds(a.lastSeen), a.active ? 'yes' : 'no', a.arDisabled ? 'disabled' : 'enabled']);
    for (const line of table(['ID', 'NAME', 'OS', 'VERSION', 'LAST SEEN', 'ACTIVE', 'AR'], rows)) ctx.out(line);
    return EXIT.ok;
  },
};

export const agentsCommand: CliCommand = asCliCommand(agents);
