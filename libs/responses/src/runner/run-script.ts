import * as path from 'node:path';
import type { ArMessage } from '@riposte/contracts';
import { formatCheckKeys, programBasename } from '../protocol/check-keys';
import { checkReply, checkScriptCommand, parseProtocolLine } from '../protocol/parse-message';
import { controlCharProblems, formatFieldProblem } from '../protocol/script-input';
import { createNodeHttpPoster } from '../ports/http-poster';
import { MAX_LINE_BYTES } from '../ports/script-io';
import { findBinary } from './find-binary';
import { withLock } from './file-lock';
import type { Outcome, ScriptContext, ScriptDefinition, ScriptEnv } from './script-definition';
import { stopped } from './script-definition';

/** How one run ended. */
export interface ScriptRunResult {
  /** The process exit code Wazuh's binary would return (-1 is 255 for a process). */
  readonly exitCode: number;
  readonly command?: 'add' | 'delete';
  /** execd's answer to check_keys, for stateful adds. */
  readonly reply?: 'continue' | 'abort';
}

type Early = { done: true; result: ScriptRunResult } | { done: false; message: ArMessage; command: 'add' | 'delete' };

async function readMessage(env: ScriptEnv, log: (m: string) => void): Promise<Early> {
  const line = await env.io.readLine(MAX_LINE_BYTES);
  if (line === null) {
    log('Cannot read input from stdin');
    return { done: true, result: { exitCode: -1 } };
  }
  log(line);
  const message = parseProtocolLine(line);
  if (!message) {
    log('Invalid input format');
    return { done: true, result: { exitCode: -1 } };
  }
  const check = checkScriptCommand(message);
  if (!check.ok) {
    log(check.log);
    return { done: true, result: { exitCode: -1 } };
  }
  return { done: false, message, command: check.command };
}

/** `send_keys_and_check_message`: prints check_keys, reads execd's reply. */
async function exchangeKeys(env: ScriptEnv, keys: readonly string[], log: (m: string) => void): Promise<'continue' | 'abort' | null> {
  const line = formatCheckKeys(programBasename(env.argv0), keys);
  log(line);
  await env.io.writeLine(line);
  const reply = await env.io.readLine(MAX_LINE_BYTES);
  if (reply === null) {
    log('Cannot read input from stdin');
    return null;
  }
  log(reply);
  const check = checkReply(reply);
  if (check.ok) return check.reply;
  if (check.log) log(check.log);
  return null;
}

function createContext<T>(env: ScriptEnv, input: T, message: ArMessage, command: 'add' | 'delete', log: (m: string) => void): ScriptContext<T> {
  const procEnv = env.env ?? process.env;
  const root = env.root ?? '/';
  return {
    input,
    message,
    command,
    argv0: env.argv0,
    platform: env.platform,
    home: env.home,
    env: procEnv,
    dryRun: env.dryRun ?? false,
    services: env.services ?? {},
    http: env.http ?? createNodeHttpPoster(),
    log,
    run: (file, args, opts) => env.runner.run(file, args, opts),
    which: async (name) => {
      const found = env.findBinary ? await env.findBinary(name) : await findBinary(name, procEnv);
      return env.dryRun && !found.found ? { path: name, found: true } : found;
    },
    sysPath: (p) => path.join(root, p),
    homePath: (p) => path.join(env.home, p),
    locked: async (lockDir, fn) => {
      if (env.dryRun) return fn();
      const { taken, value } = await withLock(path.join(env.home, lockDir), fn);
      if (taken && value) return value;
      log('Unable to take lock. End.');
      return stopped();
    },
  };
}

/**
 * Runs one script the way Wazuh's binaries do (spec §3.2, `setup_and_check_message` and
 * `send_keys_and_check_message`): log `Starting`, read and log one line, check its shape and command, read the
 * script's input (refusing bad input before any system call; input hardening: also a control character in any field
 * a script may read, {@link controlCharProblems}), exchange check_keys on add for stateful scripts
 * (`abort` → `Aborted`, exit 0; an invalid reply → exit -1), run add or delete, log `Ended`.
 */
export async function runScript<T>(definition: ScriptDefinition<T>, env: ScriptEnv): Promise<ScriptRunResult> {
  const log = (msg: string) => env.log.write(env.argv0, msg);
  try {
    log('Starting');
    const early = await readMessage(env, log);
    if (early.done) return early.result;
    const { message, command } = early;
    const read = definition.read(message);
    if (!read.ok) {
      log(read.log);
      return { exitCode: read.exitCode ?? -1, command };
    }
    // Input hardening, after Wazuh's own refusals: a control character in any field a script may read refuses the
    // run before any system call.
    const [unsafe] = controlCharProblems(message);
    if (unsafe) {
      log(formatFieldProblem(unsafe));
      return { exitCode: -1, command };
    }
    let reply: 'continue' | 'abort' | undefined;
    if (command === 'add' && definition.keys) {
      const answer = await exchangeKeys(env, definition.keys(read.input), log);
      if (answer === null) return { exitCode: -1, command };
      reply = answer;
      if (answer === 'abort') {
        log('Aborted');
        return { exitCode: 0, command, reply };
      }
    }
    const ctx = createContext(env, read.input, message, command, log);
    let outcome: Outcome;
    try {
      outcome = command === 'add' ? await definition.add(ctx) : await definition.delete(ctx);
    } catch (error) {
      log(`Unexpected error: ${(error as Error).message}`);
      outcome = stopped();
    }
    if (outcome.ended) log('Ended');
    return { exitCode: outcome.exitCode, command, reply };
  } finally {
    env.io.end();
  }
}
