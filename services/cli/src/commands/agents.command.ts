/**
 * `riposte agents [--json]`: the agent registry (`GET /agents`).
 */
import { ControlApiV1 } from '@riposte/contracts';
import type { CliCommand } from './cli-command';
import { apiOptions, asCliCommand, defineCommand, EXITS_HELP, isoSeconds, requestAndPrint, table, usageError, type ApiOptions } from './control-api.client';

/** The command as the tests drive it (see {@link agentsCommand} for the CLI). */
export const agents = defineCommand<ApiOptions>({
  name: 'agents',
  summary: 'list the agents: id, name, OS, version, last seen, active or not',
  help: {
    usage: '[--api <url>] [--token <token>] [--json]',
    description: `Lists the agents the registry knows (executors announce themselves with heartbeats): id, name, OS, version,
last heartbeat, whether the agent is active (riposte run reaches only active agents) and whether active response
is disabled on it. A token limited to some agents sees only those.`,
    after: EXITS_HELP,
  },
  options: apiOptions,
  async action(opts, args, ctx) {
    if (args.length) return usageError(ctx, this, `unexpected argument '${args[0]}'`);
    return requestAndPrint(ctx, this, opts, {
      method: 'GET',
      route: '/agents',
      schema: ControlApiV1.AgentListSchema,
      render: (body, out) => {
        const list = body.data.affected_items;
        if (list.length === 0) return out('No agents have announced themselves yet.');
        const rows = list.map((a) => [a.id, a.name, a.os, a.version, isoSeconds(a.lastSeen), a.active ? 'yes' : 'no', a.arDisabled ? 'disabled' : 'enabled']);
        table(['ID', 'NAME', 'OS', 'VERSION', 'LAST SEEN', 'ACTIVE', 'AR'], rows).forEach(out);
      },
    });
  },
});

export const agentsCommand: CliCommand = asCliCommand(agents);
