import { spawn } from 'node:child_process';

/** What one command returned. `code` is the exit status (128 + signal number when killed by a signal). */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly stdin?: string;
}

/**
 * The one port through which scripts start system commands: a file and an argv array, never a shell.
 * `run` rejects with {@link CommandSpawnError} when the command cannot be started at all (Wazuh's `wpopenv`
 * returning NULL); a command that starts and fails resolves with its non-zero `code`.
 */
export interface CommandRunner {
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<CommandResult>;
}

/** The command could not be started (missing file, no permission...). */
export class CommandSpawnError extends Error {
  constructor(
    readonly file: string,
    readonly errno: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot run '${file}': ${errno}`, options);
    this.name = 'CommandSpawnError';
  }
}

export interface ExecRunnerOptions {
  /**
   * Prepended to every command, e.g. `['ip', 'netns', 'exec', 'riposte-ab12']` to run inside a network namespace.
   * @defaultValue `[]`
   */
  readonly prefix?: readonly string[];
  /** Environment of the commands. @defaultValue `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** A command still running after this many milliseconds is killed (SIGKILL). @defaultValue 60000 */
  readonly timeoutMs?: number;
  /** Working directory of the commands. @defaultValue the current directory */
  readonly cwd?: string;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

/** The real runner: `child_process.spawn` with an argv array and `shell: false`. */
export function createExecRunner(options: ExecRunnerOptions = {}): CommandRunner {
  const prefix = options.prefix ?? [];
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    run(file, args, opts) {
      const argv = [...prefix, file, ...args];
      return new Promise<CommandResult>((resolve, reject) => {
        const child = spawn(argv[0], argv.slice(1), {
          shell: false,
          env: options.env ?? process.env,
          cwd: options.cwd,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.stdin.on('error', () => undefined); // EPIPE when the command exits without reading stdin
        child.on('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(new CommandSpawnError(argv[0], e.code ?? e.message, { cause: e }));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({
            code: code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0),
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
          });
        });
        child.stdin.end(opts?.stdin ?? '');
      });
    },
  };
}
