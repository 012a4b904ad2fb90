/**
 * `riposte <command> …`: dispatches to the commands registered in `commands/index.ts`.
 */
import { type CliIo, processIo } from './cli-io';
import { type CliCommand, COMMANDS, EXIT } from './commands';

export function globalHelp(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `Usage: riposte <command> [options]

Riposte: Wazuh 4.x active response on Kafka and Redis.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run 'riposte <command> --help' for the options of a command.
`;
}

/** Runs one command line; resolves to the exit code. Errors a command does not expect are reported, not thrown. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io[name === undefined ? 'stderr' : 'stdout'](topic ? topic.help : globalHelp(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`riposte: unknown command '${name}'\n\n${globalHelp(commands)}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr(`riposte ${name}: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failure;
  }
}

/** Runs the real process's command line and sets its exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, processIo());
}

// `node main.js …` or `node -r ./tools/ts-register.js main.ts …`; bin/riposte.js calls main() itself.
if (require.main === module) void main();
