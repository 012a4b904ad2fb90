import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import { parseCommandLine } from '../command-line';
import { EXIT } from './cli-command';

/**
 * The command line of a command with a single subcommand (`riposte keys generate`, `riposte policy check`): its
 * `--help` is the subcommand's, anything but the subcommand is a usage error, and `problem` names what else is wrong
 * with the parsed line. Returns the parsed line, or the exit code once help or the error is printed.
 */
export function parseOneSubcommand<O>(
  io: CliIo,
  name: string,
  subcommand: string,
  command: () => Command,
  argv: readonly string[],
  problem: (opts: O, args: readonly string[]) => string | undefined,
): { readonly opts: O; readonly args: readonly string[] } | number {
  const help = (code: number, to: 'stdout' | 'stderr' = 'stdout'): number => {
    io[to](command().helpInformation());
    return code;
  };
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return help(EXIT.ok);
  if (sub !== subcommand) {
    io.stderr(`riposte ${name}: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`} (expected '${subcommand}')\n\n`);
    return help(EXIT.usage, 'stderr');
  }
  const line = parseCommandLine<O>(command(), rest);
  if (line.kind === 'help') return help(EXIT.ok);
  const message = line.kind === 'usage' ? line.message : problem(line.opts, line.args);
  if (line.kind === 'usage' || message !== undefined) {
    io.stderr(`riposte ${name} ${subcommand}: ${message}\n\n`);
    return help(EXIT.usage, 'stderr');
  }
  return { opts: line.opts, args: line.args };
}
