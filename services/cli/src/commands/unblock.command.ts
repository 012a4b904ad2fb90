/**
 * `riposte unblock ID | --agent ID --key KEY`: lift an active response now (`DELETE /active-responses`).
 */
import { ControlApiV1 } from '@riposte/contracts';
import { single } from '../command-line';
import type { CliCommand } from './cli-command';
import { apiOptions, asCliCommand, defineCommand, EXITS_HELP, requestAndPrint, usageError, type ApiOptions } from './control-api.client';

interface UnblockOptions extends ApiOptions {
  agent?: string;
  key?: string;
}

/** The command as the tests drive it (see {@link unblockCommand} for the CLI). */
export const unblock = defineCommand<UnblockOptions>({
  name: 'unblock',
  summary: 'lift an active response now: the delete runs at once and its timer is cancelled',
  help: {
    usage: '<id> | --agent <id> --key <key>   [--api <url>] [--token <token>] [--json]',
    description: `Lifts an active response before its timeout: the delete is sent to the agent at once, the pending timer is
removed, and the audit topic records who did it. <id> is the ID column of 'riposte active'; --agent with --key
lifts every active response of that agent with that key (e.g. every block of one IP).`,
    after: `${EXITS_HELP} Nothing to lift is exit 1.

Example:
  riposte unblock --agent 001 --key 1.2.3.4`,
  },
  options: (cmd) =>
    apiOptions(
      cmd
        .option('-u, --agent <id>', 'the agent (with --key)', single)
        .option('--key <key>', 'a key (e.g. an IP) or rkey: lifts every response of the agent with it', single),
    ),
  async action(opts, args, ctx) {
    const { agent, key } = opts;
    const byId = args.length === 1 && agent === undefined && key === undefined;
    const byKey = args.length === 0 && agent !== undefined && key !== undefined;
    if (!byId && !byKey) return usageError(ctx, this, "give an active response id (see 'riposte active'), or both --agent and --key");
    return requestAndPrint(ctx, this, opts, {
      method: 'DELETE',
      route: byId ? `/active-responses/${encodeURIComponent(args[0])}` : `/active-responses?${new URLSearchParams({ agent: agent!, key: key! })}`,
      schema: ControlApiV1.UnblockResultSchema,
      render: (body, out) => {
        for (const i of body.data.affected_items) out(`Lifted ${i.response} (${i.rkey}) on agent ${i.agentId}: delete sent.`);
      },
    });
  },
});

export const unblockCommand: CliCommand = asCliCommand(unblock);
