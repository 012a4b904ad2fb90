import { spawn } from 'node:child_process';
import { type ArMessage, ArMessageV1, type Clock, systemClock } from '@riposte/contracts';
import { parseCheckKeys, rkeyFor } from '../protocol/check-keys';
import { createLineReader, MAX_LINE_BYTES, type LineReader } from '../ports/script-io';
import { type InvokeKind, type InvokeOptions, type InvokeResult, statelessNote } from './invoke-result';

const STDERR_LIMIT = 8192;

/**
 * What execd reads of a script's stdout is its first line (`fgets`, at most {@link MAX_LINE_BYTES}); this much more
 * is kept while waiting for it, and everything after it is read and dropped.
 */
export const STDOUT_SLACK_BYTES = 4096;

export interface ProcessOptions {
  /** Working directory: the Wazuh home, so that `active-response/bin/<x>` resolves. */
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

interface Spawned {
  readonly write: (line: string) => void;
  readonly end: () => void;
  readonly readLine: LineReader | null;
  readonly exited: Promise<{ code: number | null; signal: string | null; spawnError?: string }>;
  readonly kill: () => void;
  readonly stderr: () => string;
}

/** Spawns with an argv array in its own process group (so a hang can be killed with its children). */
function spawnScript(executablePath: string, argv: readonly string[], withStdout: boolean, opts: ProcessOptions): Spawned {
  const child = spawn(executablePath, argv.slice(1), {
    argv0: argv[0],
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    shell: false,
    detached: true,
    stdio: ['pipe', withStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-STDERR_LIMIT)));
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: string | null; spawnError?: string }>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: e.code ?? e.message }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    write: (line) => child.stdin?.write(`${line}\n`),
    end: () => child.stdin?.end(),
    readLine: withStdout && child.stdout ? createLineReader(child.stdout, { limitBytes: MAX_LINE_BYTES + STDOUT_SLACK_BYTES }) : null,
    exited,
    kill: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    },
    stderr: () => stderr,
  };
}

const deadline = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms).unref());

async function finish(s: Spawned, kind: InvokeKind, start: number, clock: Clock, timeoutMs: number, extra: Partial<InvokeResult>): Promise<InvokeResult> {
  const exit = await Promise.race([s.exited, deadline(Math.max(0, timeoutMs - (clock() - start)), null)]);
  if (exit === null) {
    s.kill();
    await s.exited;
    return { ...extra, kind: 'killed', reason: `still running after ${timeoutMs} ms`, durationMs: clock() - start, stderr: s.stderr() };
  }
  if (exit.spawnError) return { kind: 'failed', reason: `cannot run: ${exit.spawnError}`, durationMs: clock() - start };
  return { ...extra, kind, exitCode: exit.code, signal: exit.signal, durationMs: clock() - start, stderr: s.stderr() };
}

/**
 * Runs a script as a process the way execd does (spec §3.2 steps 5–8): writes `<message>\n` to its stdin, reads one
 * line (EOF or `keysTimeoutMs` → stateless), computes the rkey from `argv[0]`, asks `onKeys`, writes the full message
 * with `continue` or `abort`, then waits for the exit. `message` is what goes to stdin (command `add`, program set);
 * `argv[0]` is what the script sees as its name (`active-response/bin/<executable>`), the rest its arguments.
 */
export async function invokeProcess(executablePath: string, argv: readonly string[], message: ArMessage, opts: InvokeOptions & ProcessOptions): Promise<InvokeResult> {
  const clock = opts.clock ?? systemClock;
  const start = clock();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const s = spawnScript(executablePath, argv, true, opts);
  s.write(JSON.stringify(message));
  const first = await Promise.race([s.readLine!(), deadline(opts.keysTimeoutMs ?? timeoutMs, undefined), s.exited.then((e) => (e.spawnError ? e : undefined))]);
  // Only the first line counts (execd reads one); the rest is drained so the script never blocks on a full pipe.
  s.readLine!.discard();
  if (first && typeof first === 'object') return { kind: 'failed', reason: `cannot run: ${first.spawnError}`, durationMs: clock() - start };
  if (typeof first !== 'string') {
    s.end();
    return finish(s, 'stateless', start, clock, timeoutMs, { reason: statelessNote(argv[0]) });
  }
  const { rkey, truncated } = rkeyFor(opts.program ?? argv[0], first);
  const parsed = parseCheckKeys(first);
  const decision = await opts.onKeys({ rkey, truncated, keys: parsed.keys, valid: parsed.valid, line: first });
  s.write(JSON.stringify(ArMessageV1.withCommand(message, decision)));
  opts.onReplied?.(decision);
  s.end();
  const extra = { rkey, rkeyTruncated: truncated, keys: parsed.keys, keysLine: first, keysValid: parsed.valid };
  return finish(s, decision === 'continue' ? 'continued' : 'aborted', start, clock, timeoutMs, extra);
}

/** Runs a delete: the message on stdin only (no stdout, no key exchange), then waits for the exit. */
export async function invokeDelete(
  executablePath: string,
  argv: readonly string[],
  message: ArMessage,
  opts: { timeoutMs?: number; clock?: Clock } & ProcessOptions = {},
): Promise<InvokeResult> {
  const clock = opts.clock ?? systemClock;
  const start = clock();
  const s = spawnScript(executablePath, argv, false, opts);
  s.write(JSON.stringify(message));
  s.end();
  return finish(s, 'completed', start, clock, opts.timeoutMs ?? 60_000, {});
}
