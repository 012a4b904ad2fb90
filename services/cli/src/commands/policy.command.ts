/**
 * `riposte policy check <ossec.conf> [--json]`: the responses Wazuh would load from the file (like
 * `agent_control -L`, with timeout, location and conditions), or every problem as `file:line: (code) message`.
 */
import { cliCommand } from '../command-line';
import type { CliIo } from '../cli-io';
import { policyJson, problemJson, renderPolicyTable } from '../render/policy-report';
import { type CliCommand, EXIT } from './cli-command';
import { parseOneSubcommand } from './one-subcommand';
import { loadPolicyFile, problemLines } from './load-policy-file';

const checkCommand = () =>
  cliCommand('policy check', {
    usage: '<ossec.conf|-> [--json]',
    description: `Reads a Wazuh manager ossec.conf the way Wazuh 4.x does (<command>, <active-response>, <global><white_list>,
<cluster><node_name>) and prints the active responses it defines: name (<command><timeout>, as in ar.conf),
executable, timeout, where it runs and when it fires. Warnings Wazuh only logs (1305, 1306, <expect>) go to stderr.`,
    after: `Exits 0 when the file is valid, 1 with one "file:line: (code) message" line per problem when it is not (Wazuh
would refuse to start), 2 on a wrong command line.

Example:
  riposte policy check /var/ossec/etc/ossec.conf`,
  }).option('--json', 'print the result as JSON');


export const policyCommand: CliCommand = {
  name: 'policy',
  summary: 'check an ossec.conf and list the active responses it defines',
  help: checkCommand().helpInformation(),
  async run(argv, io) {
    const line = parseOneSubcommand<{ json?: boolean }>(io, 'policy', 'check', checkCommand, argv, (_opts, args) => (args.length !== 1 ? 'expected exactly one <ossec.conf>' : undefined));
    return typeof line === 'number' ? line : check(io, line.args[0], line.opts.json === true);
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
