import { ipVersion } from '../protocol/alert-fields';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { containsAddress, ENOENT_TEXT, readSrcip, sleep, tryRun } from './script-helpers';

/** Wazuh retries only when the command cannot be started: up to 5 times, sleeping 1, 2, 3, 4 s. */
async function runRetrying(ctx: ScriptContext<string>, file: string, args: string[], failure: string, retryDelayMs: number) {
  for (let count = 1; ; count++) {
    if (await tryRun(ctx, file, args)) return;
    if (count > 4) return ctx.log(failure);
    await sleep(count * retryDelayMs);
  }
}

async function linux(ctx: ScriptContext<string>, retryDelayMs: number): Promise<Outcome> {
  const bin = await ctx.which(ipVersion(ctx.input) === 6 ? 'ip6tables' : 'iptables');
  if (!bin.found) {
    ctx.log(`The iptables file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
    return stopped(0);
  }
  const flag = ctx.command === 'add' ? '-I' : '-D';
  return ctx.locked('active-response/bin/fw-drop', async () => {
    for (const chain of ['INPUT', 'FORWARD']) {
      await runRetrying(ctx, bin.path, [flag, chain, '-s', ctx.input, '-j', 'DROP'], 'Unable to run iptables', retryDelayMs);
    }
    return ended();
  });
}

async function ipfilter(ctx: ScriptContext<string>): Promise<Outcome> {
  const ipf = await ctx.which('ipf');
  if (!ipf.found) {
    ctx.log(`The ipfilter file '${ipf.path}' is not accessible: ${ENOENT_TEXT}`);
    return stopped(0);
  }
  const args = [ctx.command === 'add' ? '-f' : '-rf', '-'];
  for (const rule of [`block out quick from any to ${ctx.input}`, `block in quick from ${ctx.input} to any`]) {
    if (!(await tryRun(ctx, ipf.path, args, { stdin: `${rule}\n` }))) ctx.log('Unable to run ipf');
  }
  return ended();
}

async function aix(ctx: ScriptContext<string>): Promise<Outcome> {
  const tools: Record<string, string> = {};
  for (const name of ['genfilt', 'lsfilt', 'mkfilt', 'rmfilt']) {
    const bin = await ctx.which(name);
    if (!bin.found) {
      ctx.log(`The ${name} file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
      return stopped(0);
    }
    tools[name] = bin.path;
  }
  const ip = ctx.input;
  if (ctx.command === 'add') {
    const genfilt = ['-v', '4', '-a', 'D', '-s', ip, '-m', '255.255.255.255', '-d', '0.0.0.0', '-M', '0.0.0.0', '-w', 'B', '-D', '"Access Denied by WAZUH"'];
    if (!(await tryRun(ctx, tools.genfilt, genfilt))) ctx.log('Unable to run genfilt');
  } else {
    const listed = await tryRun(ctx, tools.lsfilt, ['-v', '4', '-O']);
    if (!listed) ctx.log('Unable to run lsfilt');
    for (const line of listed?.stdout.split('\n') ?? []) {
      if (!containsAddress(line, ip)) continue;
      if (!(await tryRun(ctx, tools.rmfilt, ['-v', '4', '-n', line.split('|')[0]]))) ctx.log('Unable to run rmfilt');
    }
  }
  for (const flag of ['-d', '-u']) {
    if (!(await tryRun(ctx, tools.mkfilt, ['-v', '4', flag]))) ctx.log('Unable to run mkfilt');
  }
  return ended();
}

/** Options of {@link createFirewallDrop}. */
export interface FirewallDropOptions {
  /** Unit of Wazuh's retry sleeps when iptables cannot be started. @defaultValue 1000 */
  readonly retryDelayMs?: number;
}

/**
 * `firewall-drop` / `default-firewall-drop` (spec §4): iptables/ip6tables `-I|-D INPUT` then `FORWARD -s <ip> -j DROP`
 * on Linux under the `fw-drop` lock; ipf on FreeBSD/SunOS/NetBSD; genfilt/mkfilt on AIX.
 */
export function createFirewallDrop(name: string, options: FirewallDropOptions = {}): ScriptDefinition<string> {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const apply = async (ctx: ScriptContext<string>): Promise<Outcome> => {
    switch (ctx.platform.sysname) {
      case 'Linux':
        return linux(ctx, retryDelayMs);
      case 'FreeBSD':
      case 'SunOS':
      case 'NetBSD':
        return ipfilter(ctx);
      case 'AIX':
        return aix(ctx);
      default:
        ctx.log('Invalid system');
        return ended();
    }
  };
  return { name, read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
}
