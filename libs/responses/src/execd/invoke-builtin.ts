import { type ArMessage, ArMessageV1, type Clock, systemClock } from '@riposte/contracts';
import { parseCheckKeys, rkeyFor } from '../protocol/check-keys';
import { createScriptChannel } from '../ports/script-io';
import { runScript } from '../runner/run-script';
import type { ScriptDefinition, ScriptEnv } from '../runner/script-definition';
import { type InvokeOptions, type InvokeResult, statelessNote } from './invoke-result';

/** The ports of an in-process run; `argv0` defaults to `active-response/bin/<definition.name>`. */
export type BuiltinEnv = Omit<ScriptEnv, 'io' | 'argv0'> & { readonly argv0?: string };

/** Races `promise` against a timer that is cleared as soon as the race ends (thousands of runs leave no timers behind). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a built-in script inside this process, through in-memory stdin/stdout (no Node start): the same protocol
 * and the same {@link InvokeResult} as {@link invokeProcess}. A run past `timeoutMs` is reported `killed` and left
 * to finish on its own (its commands have their own runner timeout).
 */
export async function invokeBuiltin<T>(definition: ScriptDefinition<T>, message: ArMessage, env: BuiltinEnv, opts: InvokeOptions): Promise<InvokeResult> {
  const clock = opts.clock ?? systemClock;
  const start = clock();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const argv0 = env.argv0 ?? `active-response/bin/${definition.name}`;
  const channel = createScriptChannel();
  const run = runScript(definition, { ...env, argv0, io: channel.script });
  const finish = async (kind: InvokeResult['kind'], extra: Partial<InvokeResult>): Promise<InvokeResult> => {
    const outcome = await within(run, Math.max(0, timeoutMs - (clock() - start)));
    if (outcome === 'timeout') return { ...extra, kind: 'killed', reason: `still running after ${timeoutMs} ms`, durationMs: clock() - start };
    return { ...extra, kind, exitCode: outcome.exitCode, durationMs: clock() - start };
  };
  await channel.host.writeLine(JSON.stringify(message));
  const line = await within(channel.host.readLine(), opts.keysTimeoutMs ?? timeoutMs);
  if (line === null || line === 'timeout') {
    channel.host.end();
    return finish('stateless', { reason: statelessNote(argv0) });
  }
  const { rkey, truncated } = rkeyFor(opts.program ?? argv0, line);
  const parsed = parseCheckKeys(line);
  const decision = await opts.onKeys({ rkey, truncated, keys: parsed.keys, valid: parsed.valid, line });
  await channel.host.writeLine(JSON.stringify(ArMessageV1.withCommand(message, decision)));
  opts.onReplied?.(decision);
  channel.host.end();
  const extra = { rkey, rkeyTruncated: truncated, keys: parsed.keys, keysLine: line, keysValid: parsed.valid };
  return finish(decision === 'continue' ? 'continued' : 'aborted', extra);
}

/** Runs a built-in delete in-process: the message only, no key exchange. */
export async function invokeBuiltinDelete<T>(definition: ScriptDefinition<T>, message: ArMessage, env: BuiltinEnv, opts: { timeoutMs?: number; clock?: Clock } = {}): Promise<InvokeResult> {
  const clock = opts.clock ?? systemClock;
  const start = clock();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const channel = createScriptChannel();
  const run = runScript(definition, { ...env, argv0: env.argv0 ?? `active-response/bin/${definition.name}`, io: channel.script });
  await channel.host.writeLine(JSON.stringify(message));
  channel.host.end();
  const outcome = await within(run, timeoutMs);
  if (outcome === 'timeout') return { kind: 'killed', reason: `still running after ${timeoutMs} ms`, durationMs: clock() - start };
  return { kind: 'completed', exitCode: outcome.exitCode, durationMs: clock() - start };
}
