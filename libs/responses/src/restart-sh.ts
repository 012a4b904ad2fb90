import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { escapeControlChars } from '@riposte/contracts';
import { arLogPath, formatArTimestamp } from './ports/ar-log';
import { type CommandRunner, CommandSpawnError } from './ports/command-runner';
import { type Clock, systemClock } from '@riposte/contracts';

export interface RestartShEnv {
  /** The Wazuh installation directory. */
  readonly home: string;
  readonly runner: CommandRunner;
  /** How the script was invoked (`$0`), e.g. `active-response/bin/restart.sh`. */
  readonly argv0?: string;
  /** Where to look for `/run/systemd/system` and `/proc/1/comm`. @defaultValue `/` */
  readonly root?: string;
  /** PATH used to find `systemctl`. @defaultValue `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** @defaultValue `systemClock` */
  readonly clock?: Clock;
  /** @defaultValue real sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where usage text goes. @defaultValue nowhere */
  readonly print?: (line: string) => void;
}

const exists = (p: string) => fsp.access(p, constants.F_OK).then(() => true, () => false);

async function onSystemd(env: RestartShEnv): Promise<boolean> {
  const root = env.root ?? '/';
  const paths = (env.env ?? process.env).PATH?.split(path.delimiter) ?? [];
  const hasSystemctl = (await Promise.all(paths.map((d) => exists(path.join(d, 'systemctl'))))).some(Boolean);
  const comm = await fsp.readFile(path.join(root, 'proc/1/comm'), 'utf8').catch(() => '');
  return hasSystemctl && (await exists(path.join(root, 'run/systemd/system'))) && comm.trim() === 'systemd';
}

async function run(env: RestartShEnv, file: string, args: string[]): Promise<number> {
  try {
    return (await env.runner.run(file, args)).code;
  } catch (e) {
    if (e instanceof CommandSpawnError) return 127;
    throw e;
  }
}

/** Waits (up to 60 s) for `wazuh-<type>` to be active before a reload; the line to log when it never is. */
async function waitActive(env: RestartShEnv, unit: string): Promise<string | null> {
  for (let elapsed = 0; elapsed < 60; elapsed++) {
    const state = (await env.runner.run('systemctl', ['is-active', unit])).stdout.trim();
    if (state === 'inactive' || state === 'failed') return `Service ${unit} is in state '${state}', cannot reload`;
    if (state === 'active') break;
    await (env.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(1000);
  }
  if ((await env.runner.run('systemctl', ['is-active', '--quiet', unit])).code !== 0) return `Service ${unit} is not active after waiting 60 seconds`;
  return null;
}

/**
 * `restart.sh manager|agent [restart|reload]` (spec §4), which execd runs for the exact command `restart-wazuh`:
 * logs `<date> $0 $1 … $5`; for a manager, stops unless `bin/wazuh-logtest-legacy -t` passes; then
 * `systemctl <action> wazuh-<type>` under systemd, else `bin/wazuh-control <action>`. Resolves with the exit code.
 */
export async function runRestartSh(args: readonly string[], env: RestartShEnv): Promise<number> {
  const usage = () => env.print?.(`Usage: ${env.argv0 ?? 'restart.sh'} [manager|agent] [restart|reload]`);
  if (args[0] === '-h') return usage(), 0;
  if (args[0] !== 'manager' && args[0] !== 'agent') return usage(), 1;
  const type = args[0];
  const action = args[1] || 'restart';
  const log = async (text: string) => {
    const file = arLogPath(env.home);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.appendFile(file, `${escapeControlChars(text)}\n`); // one call, one line (as formatArLogLine)
  };
  const dollar = [0, 1, 2, 3, 4].map((i) => args[i] ?? '').join(' ');
  await log(`${formatArTimestamp((env.clock ?? systemClock)())} ${env.argv0 ?? 'active-response/bin/restart.sh'} ${dollar}`);
  if (type === 'manager' && (await run(env, path.join(env.home, 'bin/wazuh-logtest-legacy'), ['-t'])) !== 0) return 1;
  if (await onSystemd(env)) {
    if (action === 'reload') {
      const problem = await waitActive(env, `wazuh-${type}`);
      if (problem) return await log(problem), 1;
    }
    return run(env, 'systemctl', [action, `wazuh-${type}`]);
  }
  return run(env, path.join(env.home, 'bin/wazuh-control'), [action]);
}
