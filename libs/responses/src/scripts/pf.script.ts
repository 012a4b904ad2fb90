import { constants, promises as fsp } from 'node:fs';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, runOrError, strerror } from './script-helpers';

const PF_CONF = '/etc/pf.conf';
const DEV_PF = '/dev/pf';
const TABLE = 'wazuh_fwtable';
const TABLE_RULES = `table <${TABLE}> persist #${TABLE}\nblock in quick from <${TABLE}> to any\nblock out quick from any to <${TABLE}>\n`;

const exists = (p: string) => fsp.access(p, constants.F_OK).then(() => true, () => false);

/** `isEnabledFromPattern(line, "Status: ", "Enabled")`. */
export const pfEnabled = (info: string) => info.split('\n').some((l) => l.includes('Status: ') && l.slice(l.indexOf('Status: ')).split(/\s+/)[1] === 'Enabled');

/** Adds the wazuh table to pf.conf (read here instead of `cat | grep`) and reloads it; false after logging a failure. */
async function ensureTable(ctx: ScriptContext<string>, pfctl: string): Promise<boolean> {
  const conf = ctx.sysPath(PF_CONF);
  if ((await fsp.readFile(conf, 'utf8').catch(() => '')).includes(TABLE)) return true;
  ctx.log(`Table '${TABLE}' does not exist`);
  if (ctx.dryRun) ctx.log(`Dry run: append the ${TABLE} rules to '${PF_CONF}'`);
  else {
    try {
      await fsp.appendFile(conf, TABLE_RULES);
    } catch (error) {
      ctx.log(`Error opening file '${PF_CONF}' : ${strerror(error)}`);
      return false;
    }
  }
  const loaded = await runOrError(ctx, pfctl, ['-f', conf]);
  if ('error' in loaded) ctx.log(`Error executing '${pfctl}' : ${loaded.error}`);
  return !('error' in loaded);
}

async function apply(ctx: ScriptContext<string>): Promise<Outcome> {
  if (!['OpenBSD', 'FreeBSD', 'Darwin'].includes(ctx.platform.sysname)) {
    ctx.log('Invalid system');
    return ended();
  }
  const bin = await ctx.which('pfctl');
  if (!bin.found) {
    ctx.log(`The pfctl file '${bin.path}' is not accessible`);
    return stopped(0);
  }
  if (!(await exists(ctx.sysPath(PF_CONF)))) {
    ctx.log(`The pf rules file '${PF_CONF}' does not exist`);
    return stopped(0);
  }
  if (!(await exists(ctx.sysPath(DEV_PF)))) {
    ctx.log(`The file '${DEV_PF}' is not accessible`);
    return stopped(0);
  }
  if (!(await ensureTable(ctx, bin.path))) return stopped();
  const calls = ctx.command === 'add' ? [['-t', TABLE, '-T', 'add', ctx.input], ['-k', ctx.input]] : [['-t', TABLE, '-T', 'delete', ctx.input]];
  if (ctx.command === 'add') calls.unshift(['-s', 'info']);
  for (const args of calls) {
    const result = await runOrError(ctx, bin.path, args);
    if ('error' in result) {
      ctx.log(`Error executing '${bin.path}' : ${result.error}`);
      return stopped();
    }
    if (args[1] === 'info' && !pfEnabled(result.stdout)) {
      ctx.log('{"message":"Active response may not have an effect","profile":"default","status":"inactive","script":"pf"}');
    }
  }
  return ended();
}

/**
 * `pf` (spec §4; OpenBSD, FreeBSD, Darwin): table `wazuh_fwtable` (added to `/etc/pf.conf` and loaded when missing),
 * `pfctl -t wazuh_fwtable -T add <ip>` and `pfctl -k <ip>`; delete `-T delete <ip>`.
 */
export const pf: ScriptDefinition<string> = { name: 'pf', read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
