import { promises as fsp } from 'node:fs';
import type { ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, strerror } from './script-helpers';

const IPBLOCK = '/ipblock/';

/** `ip-customblock` (spec §4): add creates the empty file `/ipblock/<ip>`, delete removes it. A template for custom blocks. */
export const ipCustomblock: ScriptDefinition<string> = {
  name: 'ip-customblock',
  read: readSrcip,
  keys: (ip) => [ip],
  async add(ctx) {
    const file = `${IPBLOCK}${ctx.input}`;
    if (ctx.dryRun) {
      ctx.log(`Dry run: create ${file}`);
      return ended();
    }
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
  },
  async delete(ctx) {
    const file = `${IPBLOCK}${ctx.input}`;
    if (ctx.dryRun) {
      ctx.log(`Dry run: remove ${file}`);
      return ended();
    }
    try {
      await fsp.rm(ctx.sysPath(file));
    } catch {
      ctx.log(`Error deleting ${file} file`);
      return stopped();
    }
    return ended();
  },
};
