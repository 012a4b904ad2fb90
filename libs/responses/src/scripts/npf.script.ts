import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, runOrError } from './script-helpers';

/** What `npfctl show` says about filtering: the log line to stop with, or null when active. */
export function npfFilteringProblem(show: string): string | null {
  for (const line of show.split('\n')) {
    const at = line.indexOf('filtering:');
    if (at < 0) continue;
    const state = line.slice(at).trim().split(/\s+/)[1];
    if (state === undefined) return 'Key word not found';
    return state.slice(0, 9) === 'active' ? null : 'The filter property is inactive';
  }
  return "Unable to find 'filtering'";
}

async function apply(ctx: ScriptContext<string>): Promise<Outcome> {
  const bin = await ctx.which('npfctl');
  if (!bin.found) {
    ctx.log('The NPFCTL is not accessible');
    return stopped();
  }
  const run = async (args: string[]) => {
    const result = await runOrError(ctx, bin.path, args);
    if ('error' in result) ctx.log(`Error executing '${bin.path}' : ${result.error}`);
    return 'error' in result ? null : result;
  };
  const first = await run(['show']);
  if (!first) return stopped();
  const problem = npfFilteringProblem(first.stdout);
  if (problem) {
    ctx.log(problem);
    return stopped();
  }
  const second = await run(['show']);
  if (!second) return stopped();
  if (!second.stdout.includes('table <wazuh_blacklist>')) {
    ctx.log("Unable to find 'table <wazuh_blacklist>'");
    return stopped();
  }
  if (!(await run(['table', 'wazuh_blacklist', ctx.command === 'add' ? 'add' : 'del', ctx.input]))) return stopped();
  return ended();
}

/** `npf` (spec §4; NetBSD, no uname check): checks `npfctl show`, then `npfctl table wazuh_blacklist add|del <ip>`. */
export const npf: ScriptDefinition<string> = { name: 'npf', read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
