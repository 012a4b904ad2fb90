/**
 * `riposte policy check <ossec.conf> [--json]`: the responses Wazuh would load from the file (like
 * `agent_control -L`, with timeout, location and conditions), or every problem as `file:line: (code) message`.
 */
import { describeOptions, type OptionSpecs, parseArgs, UsageError } from '../args';
import type { CliIo } from '../cli-io';
import { policyJson, problemJson, renderPolicyTable } from '../render/policy-report';
import { type CliCommand, EXIT } from './cli-command';
import { loadPolicyFile, problemLines } from './load-policy-file';

const OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'print the result as JSON' },
};

const HELP = `Usage: riposte policy check <ossec.conf|-> [--json]

Reads a Wazuh manager ossec.conf the way Wazuh 4.x does (<command>, <active-response>, <global><white_list>,
<cluster><node_name>) and prints the active responses it defines: name (<command><timeout>, as in ar.conf),
executable, timeout, where it runs and when it fires. Warnings Wazuh only logs (1305, 1306, <expect>) go to stderr.

Exits 0 when the file is valid, 1 with one "file:line: (code) message" line per problem when it is not (Wazuh
would refuse to start), 2 on a wrong command line.

Options:
${describeOptions(OPTIONS)}

Example:
  riposte policy check /var/ossec/etc/ossec.conf
`;

export const policyCommand: CliCommand = {
  name: 'policy',
  summary: 'check an ossec.conf and list the active responses it defines',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h') return printHelp(io, EXIT.ok);
    if (sub !== 'check') {
      io.stderr(`riposte policy: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`} (expected 'check')\n\n`);
      return printHelp(io, EXIT.usage, 'stderr');
    }
    try {
      const args = parseArgs(rest, OPTIONS);
      if (args.flags.help) return printHelp(io, EXIT.ok);
      if (args.positionals.length !== 1) throw new UsageError('expected exactly one <ossec.conf>');
      return await check(io, args.positionals[0], args.flags.json === true);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`riposte policy check: ${e.message}\n\n`);
      return printHelp(io, EXIT.usage, 'stderr');
    }
  },
};

async function check(io: CliIo, path: string, json: boolean): Promise<number> {
  const result = await loadPolicyFile(io, path);
  if (!result) return EXIT.failure;
  if (!result.ok) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, errors: result.errors.map(problemJson), warnings: result.warnings.map(problemJson) })}\n`);
    io.stderr(problemLines([...result.errors, ...result.warnings]));
    return EXIT.failure;
  }
  io.stderr(problemLines(result.warnings));
  io.stdout(json ? `${JSON.stringify(policyJson(result.policy, result.warnings))}\n` : renderPolicyTable(result.policy));
  return EXIT.ok;
}

function printHelp(io: CliIo, code: number, to: 'stdout' | 'stderr' = 'stdout'): number {
  io[to](HELP);
  return code;
}
