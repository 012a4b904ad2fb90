import type { IpsetBatcher } from '../ipset/ipset-batcher';
import { createIpsetBatcher } from '../ipset/ipset-batcher';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { ENOENT_TEXT, readSrcip } from './script-helpers';

/** A standalone run has no shared batcher: it builds a one-shot one over its own runner. */
async function ownBatcher(ctx: ScriptContext<string>): Promise<IpsetBatcher | null> {
  const binaries: Record<string, string> = {};
  for (const name of ['ipset', 'iptables', 'ip6tables']) {
    const bin = await ctx.which(name);
    if (!bin.found) {
      ctx.log(`The ${name} file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
      return null;
    }
    binaries[name] = bin.path;
  }
  return createIpsetBatcher({ runner: { run: (f, a, o) => ctx.run(f, a, o) }, binaries });
}

async function apply(ctx: ScriptContext<string>): Promise<Outcome> {
  if (ctx.platform.sysname !== 'Linux') {
    ctx.log('Invalid system');
    return ended();
  }
  const batcher = ctx.services.ipset ?? (await ownBatcher(ctx));
  if (!batcher) return stopped(0);
  const result = await batcher.submit({ op: ctx.command === 'add' ? 'add' : 'del', ip: ctx.input });
  if (!result.ok) {
    ctx.log(`Unable to run ipset: ${result.error}`);
    return stopped();
  }
  return ended();
}

/**
 * `ipset-drop` (ours, beyond Wazuh): the block is a member of the set `riposte-blocklist` (`riposte-blocklist6` for
 * IPv6), dropped by one `iptables -I INPUT -m set --match-set riposte-blocklist src -j DROP` rule created once.
 * Inside the executor, concurrent runs share one {@link IpsetBatcher} (`services.ipset`), so thousands of blocks
 * cost a few `ipset restore` calls.
 */
export const ipsetDrop: ScriptDefinition<string> = { name: 'ipset-drop', read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
