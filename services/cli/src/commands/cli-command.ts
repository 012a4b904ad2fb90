import type { CliIo } from '../cli-io';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** One `riposte <name> …` command; register it in `commands/index.ts`. */
export interface CliCommand {
  readonly name: string;
  /** One line for `riposte --help`. */
  readonly summary: string;
  /** The full `riposte <name> --help` text. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
