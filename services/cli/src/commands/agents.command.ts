/**
 * `riposte agents [list] [--json]`: the agent registry (`GET /agents`) with each agent's enrolment, and the
 * `enroll` / `revoke` subcommands (agent-key.command.ts).
 */
import { ControlApiV1 } from '@riposte/contracts';
import { enroll, revoke } from './agent-key.command';
import type { CliCommand } from './cli-command';
import { apiOptions, asCliCommand, defineCommand, EXITS_HELP, isoSeconds, requestAndPrint, table, usageError, type ApiOptions, type ControlCommand } from './control-api.client';

/** `riposte agents` / `riposte agents list`. */
export const agentsList = defineCommand<ApiOptions>({
  name: 'agents',
  summary: 'list the agents: id, name, OS, version, last seen, active or not, enrolled key; enroll, revoke',
  help: {
    usage: '[list] [--api <url>] [--token <token>] [--json]',
    description: `Lists the agents the registry knows (executors announce themselves with heartbeats): id, name, OS, version,
last heartbeat, whether the agent is active (riposte run reaches only active agents), whether active response
is disabled on it, and the id of its enrolled key ('not enrolled': it gets no command). A token limited to some
agents sees only those.

  riposte agents enroll <id> --key <file>   enrol an agent's public key (admin; riposte agents enroll --help)
  riposte agents revoke <id>                remove it (admin)`,
    after: EXITS_HELP,
  },
  options: apiOptions,
  async action(opts, args, ctx) {
    if (args.length) return usageError(ctx, this, `unexpected argument '${args[0]}' (subcommands: list, enroll, revoke)`);
    return requestAndPrint(ctx, this, opts, {
      method: 'GET',
      route: '/agents',
      schema: ControlApiV1.AgentListSchema,
      render: (body, out) => {
        const list = body.data.affected_items;
        if (list.length === 0) return out('No agents have announced themselves yet.');
        const rows = list.map((a) => [a.id, a.name, a.os, a.version, isoSeconds(a.lastSeen), a.active ? 'yes' : 'no', a.arDisabled ? 'disabled' : 'enabled', a.keyId ?? 'not enrolled']);
        table(['ID', 'NAME', 'OS', 'VERSION', 'LAST SEEN', 'ACTIVE', 'AR', 'KEY'], rows).forEach(out);
      },
    });
  },
});

const SUBCOMMANDS: Readonly<Record<string, ControlCommand>> = { list: agentsList, enroll, revoke };

/** `riposte agents …`: routes `list`, `enroll` and `revoke`; anything else is the list's own line. */
export const agents: ControlCommand = {
  name: agentsList.name,
  summary: agentsList.summary,
  usage: agentsList.usage,
  help: agentsList.help,
  run(argv, ctx) {
    const sub = Object.hasOwn(SUBCOMMANDS, argv[0] ?? '') ? SUBCOMMANDS[argv[0]] : undefined;
    return sub ? sub.run(argv.slice(1), ctx) : agentsList.run(argv, ctx);
  },
};

export const agentsCommand: CliCommand = asCliCommand(agents);
