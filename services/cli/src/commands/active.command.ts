/**
 * `riposte active [--agent ID] [--key KEY] [--response NAME] [--json]`: what is blocked where, until when and
 * why (`GET /active-responses`).
 */
import type { CliCommand } from './cli-command';
import { API_FLAGS, apiTarget, asCliCommand, callApi, duration, EXIT, EXITS_HELP, isoSeconds, print, reportFailure, table, usageError, type ControlCommand } from './control-api.client';
import { bool, describeFlags, parseFlags, str, type FlagSpecs } from './parse-flags';

/** An active response as `GET /active-responses` returns it. */
export interface ActiveResponse {
  id: string;
  agentId: string;
  response: string;
  rkey: string;
  keys: string[];
  started: string;
  expires: string;
  remainingSeconds: number;
  trigger: { alertId?: string; ruleId?: string; actor?: string };
}

/** `alert 1764342000.1 rule 5712`, or `by bob`. */
export function describeTrigger(t: ActiveResponse['trigger']): string {
  if (t.alertId !== undefined) return `alert ${t.alertId}${t.ruleId !== undefined ? ` rule ${t.ruleId}` : ''}`;
  return t.actor !== undefined ? `by ${t.actor}` : '-';
}

const FLAGS: FlagSpecs = {
  agent: { type: 'string', short: 'u', valueName: 'id', description: 'only this agent' },
  key: { type: 'string', valueName: 'key', description: 'only responses with this key (e.g. an IP) or rkey' },
  response: { type: 'string', valueName: 'name', description: 'only this response (ar.conf name, e.g. firewall-drop600)' },
  ...API_FLAGS,
};

const USAGE = 'Usage: riposte active [--agent <id>] [--key <key>] [--response <name>] [--api <url>] [--token <token>] [--json]';

/** The command as the tests drive it (see {@link activeCommand} for the CLI). */
export const active: ControlCommand = {
  name: 'active',
  summary: 'list the active responses: what is blocked where, until when, and why',
  usage: USAGE,
  help: `${USAGE}

Lists every active stateful response (a block whose undo is pending), soonest expiry first: agent, response,
keys, when it expires and how long remains, what triggered it (an alert and its rule, or an operator), and the
id that 'riposte unblock' takes.

${EXITS_HELP}

Options:
${describeFlags(FLAGS)}
`,
  async run(argv, ctx) {
    const flags = parseFlags(argv, FLAGS);
    if (!flags.ok) return usageError(ctx, this, flags.message);
    if (bool(flags.values, 'help')) return print(ctx, this.help);
    if (flags.positionals.length) return usageError(ctx, this, `unexpected argument '${flags.positionals[0]}'`);
    const query = new URLSearchParams();
    for (const name of ['agent', 'key', 'response']) {
      const v = str(flags.values, name);
      if (v !== undefined) query.set(name, v);
    }
    const json = bool(flags.values, 'json');
    const route = `/active-responses${query.size ? `?${query}` : ''}`;
    const r = await callApi<{ data: { affected_items: ActiveResponse[] } }>(apiTarget({ api: str(flags.values, 'api'), token: str(flags.values, 'token') }, ctx.env), 'GET', route);
    if (!r.ok) return reportFailure(ctx, this, r, json);
    if (json) return print(ctx, JSON.stringify(r.body, null, 2));
    const items = r.body.data.affected_items;
    if (items.length === 0) return print(ctx, 'No active responses.');
    const rows = items.map((i) => [i.agentId, i.response, i.keys.join(',') || i.rkey, isoSeconds(i.expires), duration(i.remainingSeconds), describeTrigger(i.trigger), i.id]);
    for (const line of table(['AGENT', 'RESPONSE', 'KEYS', 'EXPIRES', 'REMAINING', 'TRIGGER', 'ID'], rows)) ctx.out(line);
    return EXIT.ok;
  },
};

export const activeCommand: CliCommand = asCliCommand(active);
