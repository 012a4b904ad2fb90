import type { CommandResult, CommandRunner } from './command-runner';

/**
 * The dry-run switch: logs `Dry run: <file> <args…>` (and `Dry run: stdin: …` when there is stdin) through `log`,
 * usually bound to the AR log of the running script, and reports success without running anything.
 * Scripts that parse a command's output (pf, ipfw, npf, netsh) then see empty output.
 */
export function createDryRunRunner(log: (msg: string) => void): CommandRunner {
  return {
    async run(file, args, opts): Promise<CommandResult> {
      log(`Dry run: ${[file, ...args].join(' ')}`);
      if (opts?.stdin !== undefined) log(`Dry run: stdin: ${opts.stdin.replace(/\n$/, '').replace(/\n/g, '\\n')}`);
      return { code: 0, stdout: '', stderr: '' };
    },
  };
}
