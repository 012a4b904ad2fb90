import { ipVersion } from '../protocol/alert-fields';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { ENOENT_TEXT, readSrcip, sleep, tryRun } from './script-helpers';

/**
 * `firewalld-drop` (spec §4): `firewall-cmd --add-rich-rule|--remove-rich-rule "rule family=ipv4|ipv6 source
 * address=<ip> drop"`, runtime only, retried up to 5 times on a non-zero exit with 1..4 s sleeps, under `fw-drop`.
 */
export function createFirewalldDrop(options: { retryDelayMs?: number } = {}): ScriptDefinition<string> {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const apply = async (ctx: ScriptContext<string>): Promise<Outcome> => {
    const rule = `rule family=${ipVersion(ctx.input) === 6 ? 'ipv6' : 'ipv4'} source address=${ctx.input} drop`;
    if (ctx.platform.sysname !== 'Linux') {
      ctx.log('Invalid system');
      return ended();
    }
    const action = ctx.command === 'add' ? '--add-rich-rule' : '--remove-rich-rule';
    const bin = await ctx.which('firewall-cmd');
    if (!bin.found) {
      ctx.log(`The firewall-cmd file '${bin.path}' is not accessible: ${ENOENT_TEXT}`);
      return stopped(-1);
    }
    return ctx.locked('active-response/bin/fw-drop', async () => {
      for (let count = 1; ; count++) {
        const result = await tryRun(ctx, bin.path, [action, rule]);
        if (result?.code === 0) break;
        if (count > 4) {
          ctx.log(`Unable to run firewall-cmd, action: '${action}', rule: '${rule}'`);
          break;
        }
        await sleep(count * retryDelayMs);
      }
      return ended();
    });
  };
  return { name: 'firewalld-drop', read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
}
