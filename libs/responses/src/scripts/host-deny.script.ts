import { promises as fsp } from 'node:fs';
import { ipVersion } from '../protocol/alert-fields';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { containsAddress, readSrcip } from './script-helpers';

const LOCK = 'active-response/bin/host-deny-lock';
const TEMP = 'active-response/bin/temp-hosts-deny';

/** The file and the line for this platform; IPv6 in brackets, as tcp_wrappers requires (Wazuh writes it bare). */
export function hostsDenyRule(sysname: string, ip: string): { file: string; rule: string } {
  const address = ipVersion(ip) === 6 ? `[${ip}]` : ip;
  return sysname === 'FreeBSD'
    ? { file: '/etc/hosts.allow', rule: `ALL : ${address} : deny` }
    : { file: '/etc/hosts.deny', rule: `ALL:${address}` };
}

/** A line that blocks `ip`: the address as a whole token, or the bare IPv6 form older Wazuh versions wrote. */
export function lineBlocks(line: string, ip: string): boolean {
  return containsAddress(line, ip) || line.trim() === `ALL:${ip}` || line.trim() === `ALL : ${ip} : deny`;
}

async function readLines(ctx: ScriptContext<string>, file: string): Promise<string[] | null> {
  try {
    const text = await fsp.readFile(ctx.sysPath(file), 'utf8');
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  } catch {
    ctx.log(`Could not open file '${file}'`);
    return null;
  }
}

async function add(ctx: ScriptContext<string>, file: string, rule: string): Promise<Outcome> {
  const lines = await readLines(ctx, file);
  if (!lines) return stopped();
  if (lines.some((l) => lineBlocks(l, ctx.input))) {
    ctx.log(`IP ${ctx.input} already exists on '${file}'`);
    return stopped();
  }
  if (ctx.dryRun) {
    ctx.log(`Dry run: append '${rule}' to '${file}'`);
    return ended();
  }
  const target = ctx.sysPath(file);
  try {
    const text = await fsp.readFile(target, 'utf8');
    await fsp.appendFile(target, `${text === '' || text.endsWith('\n') ? '' : '\n'}${rule}\n`);
  } catch {
    ctx.log(`Unable to write rule '${rule}' on '${file}'`);
  }
  return ended();
}

/** Rewrites through Wazuh's temp file; when the rename cannot replace the target (bind mount, other filesystem) the text is written in place. */
async function replaceFile(ctx: ScriptContext<string>, file: string, text: string): Promise<boolean> {
  const temp = ctx.homePath(TEMP);
  try {
    await fsp.writeFile(temp, text);
    try {
      await fsp.rename(temp, ctx.sysPath(file));
    } catch {
      await fsp.writeFile(ctx.sysPath(file), text);
    }
    return true;
  } catch {
    return false;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

async function remove(ctx: ScriptContext<string>, file: string): Promise<Outcome> {
  const lines = await readLines(ctx, file);
  if (!lines) return stopped();
  const kept = lines.filter((l) => !lineBlocks(l, ctx.input));
  if (ctx.dryRun) {
    ctx.log(`Dry run: remove ${lines.length - kept.length} line(s) from '${file}'`);
    return ended();
  }
  if (!(await replaceFile(ctx, file, kept.map((l) => `${l}\n`).join('')))) ctx.log(`Unable to write file '${file}'`);
  return ended();
}

/**
 * `host-deny` (spec §4): appends `ALL:<ip>` to `/etc/hosts.deny` (`ALL : <ip> : deny` to `/etc/hosts.allow` on
 * FreeBSD) unless present; delete removes every line blocking the ip. Under the `host-deny-lock` lock.
 */
export const hostDeny: ScriptDefinition<string> = {
  name: 'host-deny',
  read: readSrcip,
  keys: (ip) => [ip],
  add: (ctx) => {
    const { file, rule } = hostsDenyRule(ctx.platform.sysname, ctx.input);
    return ctx.locked(LOCK, () => add(ctx, file, rule));
  },
  delete: (ctx) => {
    const { file } = hostsDenyRule(ctx.platform.sysname, ctx.input);
    return ctx.locked(LOCK, () => remove(ctx, file));
  },
};
