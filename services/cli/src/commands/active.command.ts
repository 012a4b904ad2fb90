/**
 * `riposte active [--agent ID] [--key KEY] [--response NAME] [--json]`: what is blocked where, until when and
 * why (`GET /active-responses`).
 */
import { ControlApiV1, type ActiveResponseItem } from '@riposte/contracts';
import { single } from '../command-line';
import type { CliCommand } from './cli-command';
import { apiOptions, asCliCommand, defineCommand, duration, EXITS_HELP, isoSeconds, requestAndPrint, table, usageError, type ApiOptions } from './control-api.client';

/** `alert 1764342000.1 rule 5712`, or `by bob`. */
export function describeTrigger(t: ActiveResponseItem['trigger']): string {
  if (t.alertId !== undefined) return `alert ${t.alertId}${t.ruleId !== undefined ? ` rule ${t.ruleId}` : ''}`;
  return t.actor !== undefined ? `by ${t.actor}` : '-';
}

interface ActiveOptions extends ApiOptions {
  agent?: string;
  key?: string;
  response?: string;
}

/** The command as the tests drive it (see {@link activeCommand} for the CLI). */
export const active = defineCommand<ActiveOptions>({
  name: 'active',
  summary: 'list the active responses: what is blocked where, until when, and why',
  help: {
    usage: '[--agent <id>] [--key <key>] [--response <name>] [--api <url>] [--token <token>] [--json]',
    description: `Lists every active stateful response (a block whose undo is pending), soonest expiry first: agent, response,
keys, when it expires and how long remains, what triggered it (an alert and its rule, or an operator), and the
id that 'riposte unblock' takes.`,
    after: EXITS_HELP,
  },
  options: (cmd) =>
    apiOptions(
      cmd
        .option('-u, --agent <id>', 'only this agent', single)
        .option('--key <key>', 'only responses with this key (e.g. an IP) or rkey', single)
        .option('--response <name>', 'only this response (ar.conf name, e.g. firewall-drop600)', single),
    ),
  async action(opts, args, ctx) {
    if (args.length) return usageError(ctx, this, `unexpected argument '${args[0]}'`);
    const query = new URLSearchParams();
    for (const name of ['agent', 'key', 'response'] as const) if (opts[name] !== undefined) query.set(name, opts[name]);
    return requestAndPrint(ctx, this, opts, {
      method: 'GET',
      route: `/active-responses${query.size ? `?${query}` : ''}`,
      schema: ControlApiV1.ActiveResponseListSchema,
      render: (body, out) => {
        const items = body.data.affected_items;
        if (items.length === 0) return out('No active responses.');
        const rows = items.map((i) => [i.agentId, i.response, i.keys.join(',') || i.rkey, isoSeconds(i.expires), duration(i.remainingSeconds), describeTrigger(i.trigger), i.id]);
        table(['AGENT', 'RESPONSE', 'KEYS', 'EXPIRES', 'REMAINING', 'TRIGGER', 'ID'], rows).forEach(out);
      },
    });
  },
});

export const activeCommand: CliCommand = asCliCommand(active);
