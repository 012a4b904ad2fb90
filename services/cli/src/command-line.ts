/**
 * Every `riposte` command line is parsed by commander: each command declares its options on a `Command` made by
 * {@link cliCommand}, and {@link parseCommandLine} turns the outcome into data (the values, the help text, or the
 * usage problem) so that commands print through their own streams and choose their exit codes.
 */
import { Command, CommanderError, Help, InvalidArgumentError } from 'commander';

/** Wrong command line: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The prose of a command's `--help`; commander adds the usage and options lines. */
export interface CommandHelp {
  /** The usage after `riposte <name>`, e.g. `--config <ossec.conf> --alert <file|->`. */
  readonly usage: string;
  readonly description: string;
  /** Exit codes and examples, printed after the options. */
  readonly after?: string;
}

/** Help lines up to 120 columns, whatever the terminal: the texts are written for that width. */
const HELP_WIDTH = 120;

/** Commander's help, with our text after the options (also in `helpInformation()`, for usage errors). */
export function withHelpAfter(cmd: Command, after: string | undefined): Command {
  return cmd.configureHelp({
    helpWidth: HELP_WIDTH,
    formatHelp: (c, helper) => Help.prototype.formatHelp.call(helper, c, helper) + (after ? `\n${after.replace(/\n*$/, '\n')}` : ''),
  });
}

/** A commander command for `riposte <path>` (`run`, `policy check`) that throws instead of exiting. */
export function cliCommand(path: string, help: CommandHelp): Command {
  const cmd = new Command(`riposte ${path}`)
    .usage(help.usage)
    .description(help.description)
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments()
    .exitOverride();
  return withHelpAfter(cmd, help.after);
}

/** Parses one value of an option; single options refuse a second one, and a value that looks like an option. */
export function single(value: string, previous: unknown): string {
  if (previous !== undefined) throw new InvalidArgumentError('given twice');
  return optionValue(value);
}

/** Collects a repeatable option's values in order. */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), optionValue(value)];
}

/** Collects a repeatable option whose values may start with a dash (`--arg=-x`, `--arg -x`). */
export function repeatableRaw(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function optionValue(value: string): string {
  // `--config --json` forgot the value; `-` alone is stdin.
  if (value.length > 1 && value.startsWith('-')) throw new InvalidArgumentError('needs a value (not an option)');
  return value;
}

/** What a command line means: its option values and operands, the help text asked for, or a usage problem. */
export type CommandLine<O> = { kind: 'ok'; opts: O; args: string[] } | { kind: 'help'; text: string } | { kind: 'usage'; message: string };

/** Parses `argv` (the arguments after the command name) with a fresh `cmd`. */
export function parseCommandLine<O>(cmd: Command, argv: readonly string[]): CommandLine<O> {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s), outputError: () => undefined });
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed') return { kind: 'help', text };
    return { kind: 'usage', message: e.message.replace(/^error: /, '') };
  }
  return { kind: 'ok', opts: cmd.opts() as O, args: cmd.args };
}
