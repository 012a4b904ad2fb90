import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArMessage } from '@riposte/contracts';
import { ArMessageV1 } from '@riposte/contracts';
import { createMemoryArLog } from '../ports/ar-log';
import type { CommandRunner } from '../ports/command-runner';
import type { HttpPoster } from '../ports/http-poster';
import type { Platform } from '../ports/platform';
import type { RecordingResponder } from '../ports/recording.runner';
import { createRecordingRunner } from '../ports/recording.runner';
import { createScriptChannel } from '../ports/script-io';
import { parseProtocolLine } from '../protocol/parse-message';
import { runScript } from '../runner/run-script';
import { aMessage } from './messages';
import type { ScriptDefinition, ScriptServices } from '../runner/script-definition';

export interface InMemoryOptions {
  /** execd's answer to check_keys: a decision, a raw line, or null for EOF. @defaultValue 'continue' */
  readonly reply?: 'continue' | 'abort' | string | null;
  readonly platform?: Platform;
  readonly respond?: RecordingResponder;
  readonly runner?: CommandRunner;
  readonly home?: string;
  readonly root?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly http?: HttpPoster;
  readonly dryRun?: boolean;
  readonly services?: ScriptServices;
  readonly argv0?: string;
  /** Binaries reported missing; every other one is found under its bare name. */
  readonly missing?: readonly string[];
}

/**
 * Runs a script in memory, playing execd: writes the message (or a raw line), answers check_keys with `reply`.
 * Returns the exit code, the log messages, the commands recorded and what the script printed.
 */
export async function runInMemory<T>(definition: ScriptDefinition<T>, input: ArMessage | string, options: InMemoryOptions = {}) {
  const log = createMemoryArLog();
  const recorder = createRecordingRunner(options.respond);
  const channel = createScriptChannel();
  const printed: string[] = [];
  const tempHome = options.home ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-home-'));
  const run = runScript(definition, {
    io: channel.script,
    log,
    argv0: options.argv0 ?? `active-response/bin/${definition.name}`,
    runner: options.runner ?? recorder,
    platform: options.platform ?? { sysname: 'Linux' },
    home: options.home ?? tempHome!,
    root: options.root,
    env: options.env ?? { PATH: '' },
    http: options.http,
    dryRun: options.dryRun ?? false,
    findBinary: async (name) => ({ path: name, found: !(options.missing ?? []).includes(name) }),
    services: options.services,
  });
  const message = typeof input === 'string' ? (parseProtocolLine(input) ?? aMessage()) : input;
  await channel.host.writeLine(typeof input === 'string' ? input : JSON.stringify(input));
  const line = await channel.host.readLine();
  if (line !== null) {
    printed.push(line);
    const reply = options.reply === undefined ? 'continue' : options.reply;
    if (reply === 'continue' || reply === 'abort') await channel.host.writeLine(JSON.stringify(ArMessageV1.withCommand(message!, reply)));
    else if (reply !== null) await channel.host.writeLine(reply);
  }
  channel.host.end();
  for (let more = await channel.host.readLine(); more !== null; more = await channel.host.readLine()) printed.push(more);
  const result = await run;
  if (tempHome) fs.rmSync(tempHome, { recursive: true, force: true });
  return { result, exitCode: result.exitCode, messages: log.messages(), lines: log.lines, calls: recorder.calls, commands: recorder.lines(), printed };
}
