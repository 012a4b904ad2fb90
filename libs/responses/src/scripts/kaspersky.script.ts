import type { ArMessage } from '@riposte/contracts';
import { getExtraArgs } from '../protocol/alert-fields';
import type { Outcome, ReadResult, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { runOrError } from './script-helpers';

function read(message: ArMessage): ReadResult<string> {
  const args = getExtraArgs(message);
  return args ? { ok: true, input: args } : { ok: false, log: "Cannot read 'extra_args' from data" };
}

async function scan(ctx: ScriptContext<string>): Promise<Outcome> {
  let python = await ctx.which('python');
  if (!python.found) python = await ctx.which('python3');
  if (!python.found) {
    ctx.log('Python binary not found');
    return stopped();
  }
  const result = await runOrError(ctx, python.path, [ctx.homePath('active-response/bin/kaspersky.py'), ctx.input]);
  if ('error' in result) {
    ctx.log(`Error executing '${python.path}' : ${result.error}`);
    return stopped();
  }
  return ended();
}

/**
 * `kaspersky` (spec §4): stateless; add and delete both run `python|python3 active-response/bin/kaspersky.py
 * "<extra_args joined>"` (the joined arguments as ONE argv element), the site's kaspersky.py calling kesl-control.
 */
export const kaspersky: ScriptDefinition<string> = { name: 'kaspersky', read, add: scan, delete: scan };
