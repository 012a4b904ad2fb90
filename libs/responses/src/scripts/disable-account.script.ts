import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { ENOENT_TEXT, readUsername, runOrError } from './script-helpers';

async function apply(ctx: ScriptContext<string>): Promise<Outcome> {
  const add = ctx.command === 'add';
  let tool: string;
  let flag: string;
  if (ctx.platform.sysname === 'Linux' || ctx.platform.sysname === 'SunOS') [tool, flag] = ['passwd', add ? '-l' : '-u'];
  else if (ctx.platform.sysname === 'AIX') [tool, flag] = ['chuser', add ? 'account_locked=true' : 'account_locked=false'];
  else {
    ctx.log('Invalid system');
    return stopped(0);
  }
  const bin = await ctx.which(tool);
  if (!bin.found) {
    ctx.log(`The ${tool} file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
    return stopped(0);
  }
  const result = await runOrError(ctx, bin.path, [flag, ctx.input]);
  if ('error' in result) {
    ctx.log(`Error executing '${bin.path}': ${result.error}`);
    return stopped();
  }
  return ended();
}

/**
 * `disable-account` (spec §4): `passwd -l|-u <user>` on Linux/SunOS, `chuser account_locked=true|false <user>` on AIX.
 * The user is `data.dstuser`, refused unless it passes Wazuh 4.14.7's `is_valid_username` (so never `root`).
 */
export const disableAccount: ScriptDefinition<string> = { name: 'disable-account', read: readUsername, keys: (u) => [u], add: apply, delete: apply };
