import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { containsAddress, ENOENT_TEXT, readSrcip, runOrError } from './script-helpers';

const TABLE_ID = '00001';
const TABLE = `table(${TABLE_ID})`;

async function ipfwBinary(ctx: ScriptContext<string>): Promise<string | null> {
  const bin = await ctx.which('ipfw');
  if (bin.found) return bin.path;
  ctx.log(`The ipfw file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
  return null;
}

/** The ipfw binary on `sysname`; elsewhere 'Invalid system' (exit 0), and a missing binary stops with 0 too. */
async function ipfwOn(ctx: ScriptContext<string>, sysname: string): Promise<{ path: string } | { outcome: Outcome }> {
  if (ctx.platform.sysname !== sysname) {
    ctx.log('Invalid system');
    return { outcome: ended() };
  }
  const path = await ipfwBinary(ctx);
  return path ? { path } : { outcome: stopped(0) };
}

async function runAll(ctx: ScriptContext<string>, ipfw: string, calls: string[][], sep: string): Promise<Outcome> {
  for (const args of calls) {
    const result = await runOrError(ctx, ipfw, args);
    if ('error' in result) {
      ctx.log(`Error executing '${ipfw}'${sep} ${result.error}`);
      return stopped();
    }
  }
  return ended();
}

async function freebsd(ctx: ScriptContext<string>): Promise<Outcome> {
  const found = await ipfwOn(ctx, 'FreeBSD');
  if ('outcome' in found) return found.outcome;
  const ipfw = found.path;
  const shown = await runOrError(ctx, ipfw, ['show']);
  if ('error' in shown) {
    ctx.log(`Error executing '${ipfw}': ${shown.error}`);
    return stopped();
  }
  const hasTable = shown.stdout.split('\n').some((l) => l.startsWith(TABLE_ID) && l.includes(TABLE));
  const calls = hasTable
    ? []
    : [
        ['-q', TABLE_ID, 'add', 'deny', 'ip', 'from', TABLE, 'to', 'any'],
        ['-q', TABLE_ID, 'add', 'deny', 'ip', 'from', 'any', 'to', TABLE],
      ];
  calls.push(['-q', 'table', TABLE_ID, ctx.command === 'add' ? 'add' : 'delete', ctx.input]);
  return runAll(ctx, ipfw, calls, ':');
}

/** `ipfw` (spec §4; FreeBSD): deny rules on table 00001 created once, then `ipfw -q table 00001 add|delete <ip>`. */
export const ipfw: ScriptDefinition<string> = { name: 'ipfw', read: readSrcip, keys: (ip) => [ip], add: freebsd, delete: freebsd };

const SET_ID = '2';

async function darwin(ctx: ScriptContext<string>): Promise<Outcome> {
  const found = await ipfwOn(ctx, 'Darwin');
  if ('outcome' in found) return found.outcome;
  const bin = found.path;
  const ip = ctx.input;
  if (ctx.command === 'add') {
    const calls = [
      ['-q', 'add', 'set', SET_ID, 'deny', 'ip', 'from', ip, 'to', 'any'],
      ['-q', 'add', 'set', SET_ID, 'deny', 'ip', 'from', 'any', 'to', ip],
      ['-q', 'set', 'enable', SET_ID],
    ];
    return runAll(ctx, bin, calls, ':');
  }
  const shown = await runOrError(ctx, bin, ['-S', 'show']);
  if ('error' in shown) {
    ctx.log(`Error executing '${bin}': ${shown.error}`);
    return stopped();
  }
  const ids = shown.stdout
    .split('\n')
    .filter((l) => l.includes(`set ${SET_ID}`) && containsAddress(l, ip))
    .map((l) => l.trim().split(/\s+/)[0]);
  return runAll(ctx, bin, ids.map((id) => ['-q', 'delete', id]), ':');
}

/**
 * `ipfw_mac` (Mac OS X ipfw, OSSEC/Wazuh 3.x `ipfw_mac.sh`, ported to the 4.x protocol): rules in set 2,
 * `ipfw -q add set 2 deny ip from <ip> to any`, `… from any to <ip>`, `ipfw -q set enable 2`; delete removes the
 * set-2 rules that name the ip (`ipfw -S show`, then `ipfw -q delete <n>`).
 */
export const ipfwMac: ScriptDefinition<string> = { name: 'ipfw_mac', read: readSrcip, keys: (ip) => [ip], add: darwin, delete: darwin };
