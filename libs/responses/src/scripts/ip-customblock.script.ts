import { promises as fsp } from 'node:fs';
import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, strerror } from './script-helpers';

const IPBLOCK = '/ipblock/';

/** Acts on `/ipblock/<ip>`, or in a dry run only logs `Dry run: <verb> <file>`. */
async function onIpblockFile(ctx: ScriptContext<string>, verb: string, act: (file: string) => Promise<Outcome>): Promise<Outcome> {
  const file = `${IPBLOCK}${ctx.input}`;
  if (ctx.dryRun) {
    ctx.log(`Dry run: ${verb} ${file}`);
    return ended();
  }
  return act(file);
}

/** `ip-customblock` (spec §4): add creates the empty file `/ipblock/<ip>`, delete removes it. A template for custom blocks. */
export const ipCustomblock: ScriptDefinition<string> = {
  name: 'ip-customblock',
  read: readSrcip,
  keys: (ip) => [ip],
  add: (ctx) =>
    onIpblockFile(ctx, 'create', async (file) => {
      try {
        await fsp.mkdir(ctx.sysPath(IPBLOCK), { recursive: true });
      } catch (error) {
        ctx.log(`Error executing '${IPBLOCK}' : ${strerror(error)}`);
        return stopped();
      }
      try {
        await (await fsp.open(ctx.sysPath(file), 'a')).close();
      } catch {
        ctx.log(`Error creating ${file} file`);
        return stopped();
      }
      return ended();
    }),
  delete: (ctx) =>
    onIpblockFile(ctx, 'remove', async (file) => {
      try {
        await fsp.rm(ctx.sysPath(file));
      } catch {
        ctx.log(`Error deleting ${file} file`);
        return stopped();
      }
      return ended();
    }),
};
