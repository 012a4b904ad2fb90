/**
 * `riposte simulate --config <ossec.conf> --alert <file|-> [--agents 001,002] [--json]`: what the matcher would
 * dispatch for each alert, with no side effect (nothing is sent, nothing is stored).
 */
import { compilePolicy, decide } from '@riposte/policy';
import { cliCommand, parseCommandLine, single, UsageError } from '../command-line';
import { type CliIo, readInput } from '../cli-io';
import { decisionJson, renderDecision } from '../render/decision-report';
import { type CliCommand, EXIT } from './cli-command';
import { loadPolicyFile, problemLines } from './load-policy-file';
import { readAlerts } from './read-alerts';

interface SimulateFlags {
  config?: string;
  alert?: string;
  agents?: string;
  json?: boolean;
  messages?: boolean;
}

const simulateLine = () =>
  cliCommand('simulate', {
    usage: '--config <ossec.conf> --alert <file|-> [--agents 001,002,…] [--json] [--messages]',
    description: `Shows, without sending anything, what Riposte would dispatch for each alert: the responses bound to it (by
level, rules_group and rules_id, as Wazuh 4.x binds them), the agents each one goes to, the responses suppressed
(white-listed srcip, invalid srcip or dstuser) and why, and for every response which condition held or failed.`,
    after: `Exits 0 when every alert was read, 1 when the configuration is invalid or an alert could not be read (the other
alerts are still simulated), 2 on a wrong command line.

Example:
  riposte simulate --config /var/ossec/etc/ossec.conf --alert alert.json --agents 001,002
  tail -n 100 /var/ossec/logs/alerts/alerts.json | riposte simulate --config ossec.conf --alert - --json`,
  })
    .option('--config <ossec.conf>', 'the manager configuration (required)', single)
    .option('--alert <file|->', 'one alert (JSON object) or alerts.json lines (NDJSON); - reads stdin (required)', single)
    .option('--agents <001,002,…>', 'the active agents, for responses located `all` (the manager 000 is always included)', single)
    .option('--json', 'print one JSON result per alert: {"dispatches":[…],"suppressed":[…],…}')
    .option('--messages', 'with --json, add the Wazuh AR message each dispatch would carry');

const HELP = simulateLine().helpInformation();

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'show what would be dispatched for alerts, with no side effect',
  help: HELP,
  async run(argv, io) {
    try {
      const line = parseCommandLine<SimulateFlags>(simulateLine(), argv);
      if (line.kind === 'help') {
        io.stdout(line.text);
        return EXIT.ok;
      }
      if (line.kind === 'usage') throw new UsageError(line.message);
      if (line.args.length) throw new UsageError(`unexpected argument '${line.args[0]}'`);
      const config = required(line.opts.config, '--config');
      const alertPath = required(line.opts.alert, '--alert');
      const agents = parseAgents(line.opts.agents);
      if (config === '-' && alertPath === '-') throw new UsageError('--config and --alert cannot both read stdin');
      return await simulate(io, { config, alertPath, agents, json: line.opts.json === true, messages: line.opts.messages === true });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`riposte simulate: ${e.message}\n\n${HELP}`);
      return EXIT.usage;
    }
  },
};

interface SimulateOptions {
  config: string;
  alertPath: string;
  agents: string[];
  json: boolean;
  messages: boolean;
}

async function simulate(io: CliIo, o: SimulateOptions): Promise<number> {
  const parsed = await loadPolicyFile(io, o.config);
  if (!parsed) return EXIT.failure;
  if (!parsed.ok) {
    io.stderr(problemLines([...parsed.errors, ...parsed.warnings]));
    return EXIT.failure;
  }
  io.stderr(problemLines(parsed.warnings));
  const input = await readInput(io, o.alertPath, 'alerts');
  if (!input.ok) {
    io.stderr(`riposte: ${input.message}\n`);
    return EXIT.failure;
  }
  const compiled = compilePolicy(parsed.policy);
  const source = o.alertPath === '-' ? '<stdin>' : o.alertPath;
  let failed = false;
  for (const item of readAlerts(input.text)) {
    if (!item.ok) {
      failed = true;
      io.stderr(`${source}:${item.line}: ${item.error}\n`);
      if (o.json) io.stdout(`${JSON.stringify({ line: item.line, error: item.error })}\n`);
      continue;
    }
    const decision = decide(item.alert, compiled, o.agents, { explainAll: true });
    io.stdout(o.json ? `${JSON.stringify(decisionJson(decision, item.alert, o.messages))}\n` : renderDecision(decision, item.alert, `${source}:${item.line}`, parsed.policy.source));
  }
  return failed ? EXIT.failure : EXIT.ok;
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required`);
  return value;
}

function parseAgents(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const ids = value.split(',').map((s) => s.trim());
  const bad = ids.find((id) => !/^\d{3,8}$/.test(id));
  if (bad !== undefined) throw new UsageError(`--agents: '${bad}' is not an agent id (3 to 8 digits, such as 001)`);
  return ids;
}
