/**
 * `riposte run (--agent ID… | --all) -f NAME [-b SRCIP] [--arg …]`: Wazuh's `PUT /active-response`, accepting
 * `agent_control`'s flags (`-b <ip> -f <ar> -u <id>`, `-a`, `-L`).
 */
import type { Command } from 'commander';
import { ControlApiV1 } from '@riposte/contracts';
import { cliCommand, parseCommandLine, repeatable, repeatableRaw, single, type CommandHelp, type CommandLine } from '../command-line';
import type { CliCommand } from './cli-command';
import { apiOptions, asCliCommand, defineCommand, EXIT, EXITS_HELP, requestAndPrint, usageError, type ApiOptions } from './control-api.client';

/** agent_control hides the built-in restart lines from `-L` (spec §6.2). */
const HIDDEN = new Set(['restart-ossec0', 'restart-wazuh0']);

export interface RunOptions extends ApiOptions {
  agent?: string[];
  all?: boolean;
  ar?: string;
  block?: string;
  arg?: string[];
  list?: boolean;
}

/** The flags of `riposte run`. */
function runOptions(cmd: Command): Command {
  return apiOptions(
    cmd
      .option('-u, --agent <id>', 'run on this agent (repeatable, or a comma list)', repeatable)
      .option('-a, --all', 'run on every agent but the manager (as Wazuh: inactive ones are reported)')
      .option('-f, --ar <name>', 'the response: an ar.conf name such as firewall-drop600, or !script (admin)', single)
      .option('-b, --block <srcip>', 'the address to act on: sent as the alert {"data":{"srcip":…}}', single)
      .option('--arg <arg>', 'an extra argument (repeatable; --arg=-x for one starting with -)', repeatableRaw)
      .option('-L, --list', 'list the available responses, like agent_control -L'),
  );
}

const HELP: CommandHelp = {
  usage: '(--agent <id>… | --all) -f <name> [-b <srcip>] [--arg <arg>…] | riposte run -L   [--api <url>] [--token <token>] [--json]',
  description: `Runs an active response on agents through the control API, with Wazuh's PUT /active-response semantics: the
agents it was sent to, and those it was not with Wazuh's reason (1701 unknown agent, 1707 not active, 1750
active response disabled on the agent, 1652 response not defined). agent_control's flags work as they are.`,
  after: `${EXITS_HELP} Some agents not reached is exit 1.

Examples:
  riposte run -b 1.2.3.4 -f firewall-drop600 -u 001
  riposte run --all -f restart-wazuh0`,
};

/** A `riposte run` line (the arguments after `run`), parsed. */
export function parseRunLine(argv: readonly string[]): CommandLine<RunOptions> {
  return parseCommandLine<RunOptions>(runOptions(cliCommand('run', HELP)), argv);
}

/** The query and body of `PUT /active-response` from the flags, or a usage problem. */
export function buildRunRequest(values: RunOptions): { ok: true; query: string; body: { command: string; arguments?: string[]; alert?: Record<string, unknown> } } | { ok: false; message: string } {
  const command = values.ar;
  if (command === undefined) return { ok: false, message: "name the response with -f <name> (see 'riposte run -L')" };
  const agents = (values.agent ?? []).flatMap((a) => a.split(',')).map((a) => a.trim());
  const all = values.all === true;
  if (all === (agents.length > 0)) return { ok: false, message: 'give the agents (--agent <id> / -u <id>, repeatable) or --all (-a), not both' };
  const bad = agents.filter((a) => !/^\d{3,8}$/.test(a));
  if (bad.length) return { ok: false, message: `'${bad[0]}' is not an agent id such as 001` };
  const srcip = values.block;
  const args = values.arg ?? [];
  return {
    ok: true,
    query: all ? '' : `?agents_list=${[...new Set(agents)].join(',')}`,
    body: { command, ...(args.length && { arguments: args }), ...(srcip !== undefined && { alert: { data: { srcip } } }) },
  };
}

/** The command as the tests drive it (see {@link runCommand} for the CLI). */
export const run = defineCommand<RunOptions>({
  name: 'run',
  summary: 'run an active response on agents now (agent_control -b/-f/-u/-a/-L)',
  help: HELP,
  options: runOptions,
  async action(opts, args, ctx) {
    if (args.length) return usageError(ctx, this, `unexpected argument '${args[0]}'`);
    if (opts.list) {
      return requestAndPrint(ctx, this, opts, {
        method: 'GET',
        route: '/active-response/responses',
        schema: ControlApiV1.ResponseListSchema,
        json: (body) => body.data.affected_items.filter((l) => !HIDDEN.has(l.name)),
        render: (body, out) => {
          out('');
          out('Available active responses:');
          out('');
          for (const l of body.data.affected_items.filter((l) => !HIDDEN.has(l.name))) out(`   Response name: ${l.name}, command: ${l.executable}`);
        },
      });
    }
    const req = buildRunRequest(opts);
    if (!req.ok) return usageError(ctx, this, req.message);
    return requestAndPrint(ctx, this, opts, {
      method: 'PUT',
      route: `/active-response${req.query}`,
      body: req.body,
      schema: ControlApiV1.TriggerResultSchema,
      render: (body, out) => {
        const sent = body.data.affected_items;
        if (sent.length) out(`Running active response '${req.body.command}' on: ${sent.join(', ')}`);
        for (const f of body.data.failed_items) out(`Not sent to ${f.id.join(', ')}: (${f.error.code}) ${f.error.message}`);
        out(body.message);
      },
      exit: (body) => (body.error === 0 ? EXIT.ok : EXIT.failed),
    });
  },
});

export const runCommand: CliCommand = asCliCommand(run);
