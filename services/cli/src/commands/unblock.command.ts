/**
 * `riposte unblock ID | --agent ID --key KEY`: lift an active response now (`DELETE /active-responses`).
 */
import type { ActiveResponse } from './active.command';
import type { CliCommand } from './cli-command';
import { API_FLAGS, apiTarget, asCliCommand, callApi, EXIT, EXITS_HELP, print, reportFailure, usageError, type ControlCommand } from './control-api.client';
import { bool, describeFlags, parseFlags, str, type FlagSpecs } from './parse-flags';

const FLAGS: FlagSpecs = {
  agent: { type: 'string', short: 'u', valueName: 'id', description: 'the agent (with --key)' },
  key: { type: 'string', valueName: 'key', description: 'a key (e.g. an IP) or rkey: lifts every response of the agent with it' },
  ...API_FLAGS,
};

const USAGE = 'Usage: riposte unblock <id> | --agent <id> --key <key>   [--api <url>] [--token <token>] [--json]';

/** The command as the tests drive it (see {@link unblockCommand} for the CLI). */
export const unblock: ControlCommand = {
  name: 'unblock',
  summary: 'lift an active response now: the delete runs at once and its timer is cancelled',
  usage: USAGE,
  help: `${USAGE}

Lifts an active response before its timeout: the delete is sent to the agent at once, the pending timer is
removed, and the audit topic records who did it. <id> is the ID column of 'riposte active'; --agent with --key
lifts every active response of that agent with that key (e.g. every block of one IP).

${EXITS_HELP} Nothing to lift is exit 1.

Options:
${describeFlags(FLAGS)}

Example:
  riposte unblock --agent 001 --key 1.2.3.4
`,
  async run(argv, ctx) {
    const flags = parseFlags(argv, FLAGS);
    if (!flags.ok) return usageError(ctx, this, flags.message);
    if (bool(flags.values, 'help')) return print(ctx, this.help);
    const [agent, key] = [str(flags.values, 'agent'), str(flags.values, 'key')];
    const byId = flags.positionals.length === 1 && agent === undefined && key === undefined;
    const byKey = flags.positionals.length === 0 && agent !== undefined && key !== undefined;
    if (!byId && !byKey) return usageError(ctx, this, "give an active response id (see 'riposte active'), or both --agent and --key");
    const route = byId ? `/active-responses/${encodeURIComponent(flags.positionals[0])}` : `/active-responses?${new URLSearchParams({ agent: agent!, key: key! })}`;
    const json = bool(flags.values, 'json');
    const r = await callApi<{ data: { affected_items: ActiveResponse[] } }>(apiTarget({ api: str(flags.values, 'api'), token: str(flags.values, 'token') }, ctx.env), 'DELETE', route);
    if (!r.ok) return reportFailure(ctx, this, r, json);
    if (json) return print(ctx, JSON.stringify(r.body, null, 2));
    for (const i of r.body.data.affected_items) ctx.out(`Lifted ${i.response} (${i.rkey}) on agent ${i.agentId}: delete sent.`);
    return EXIT.ok;
  },
};

export const unblockCommand: CliCommand = asCliCommand(unblock);
