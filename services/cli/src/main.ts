/**
 * `riposte <command> …`: a commander program that routes to the commands registered in `commands/index.ts`; each
 * command parses the rest of its line itself (its own commander `Command`), so that it keeps its own exit codes.
 */
import { Command, CommanderError } from 'commander';
import { type CliIo, processIo } from './cli-io';
import { withHelpAfter } from './command-line';
import { type CliCommand, COMMANDS, EXIT } from './commands';

/** Where the program prints its own help and errors: collected, then written by {@link runCli}. */
type Out = (text: string) => void;

/**
 * The root program: one routing subcommand per command, whose action hands the arguments after the name to the
 * command's `run` (the command parses them, with its own help and exit codes), and `help [command]`.
 */
function program(commands: readonly CliCommand[], out: Out, onCommand: (command: CliCommand, argv: string[]) => Promise<void>): Command {
  const root = new Command('riposte')
    .usage('<command> [options]')
    .description('Riposte: Wazuh 4.x active response on Kafka and Redis.')
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false)
    // Options after the command name are the command's, not the program's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: out, outputError: () => undefined });
  withHelpAfter(root, "Run 'riposte <command> --help' for the options of a command.");
  root.configureHelp({ ...root.configureHelp(), subcommandTerm: (c) => (c.name() === 'help' ? 'help [command]' : c.name()) });
  for (const command of commands) {
    const route = root.command(command.name).description(command.summary).helpOption(false).allowUnknownOption().allowExcessArguments();
    route.action(() => onCommand(command, route.args));
  }
  root
    .command('help')
    .argument('[command]')
    .description('show the help of a command')
    .helpOption(false)
    .action(async (topic?: string) => {
      const command = commands.find((c) => c.name === topic);
      if (command) return onCommand(command, ['--help']);
      root.help();
    });
  return root;
}

export function globalHelp(commands: readonly CliCommand[] = COMMANDS): string {
  return program(commands, () => undefined, async () => undefined).helpInformation();
}

/** Runs one command line; resolves to the exit code. Errors a command does not expect are reported, not thrown. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  if (argv.length === 0) {
    io.stderr(globalHelp(commands));
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  let printed = '';
  const root = program(commands, (text) => (printed += text), async (command, parsed) => {
    // The raw arguments when routed by name (commander drops a `--` it parsed); `help <command>` passes --help.
    const args = argv[0] === command.name ? argv.slice(1) : parsed;
    try {
      code = await command.run(args, io);
    } catch (e) {
      io.stderr(`riposte ${command.name}: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      code = EXIT.failure;
    }
  });
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') {
      io.stdout(printed);
      return EXIT.ok;
    }
    io.stderr(`riposte: ${e.message.replace(/^error: /, '')}\n\n${globalHelp(commands)}`);
    return EXIT.usage;
  }
}

/** Runs the real process's command line and sets its exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, processIo());
}

// `node main.js …` or `node -r ./tools/ts-register.js main.ts …`; bin/riposte.js calls main() itself.
if (require.main === module) void main();
