import type { ArMessage } from '@riposte/contracts';
import type { ReadResult, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { runOrError, tryRun, windirPath } from './script-helpers';

const readNothing = (_m: ArMessage): ReadResult<null> => ({ ok: true, input: null });

/** `restart-wazuh` (spec §4): stateless; add and delete both run `bin/wazuh-control restart` and wait for it. */
export const restartWazuh: ScriptDefinition<null> = {
  name: 'restart-wazuh',
  read: readNothing,
  add: async (ctx) => {
    const result = await runOrError(ctx, ctx.homePath('bin/wazuh-control'), ['restart']);
    if ('error' in result) {
      ctx.log(`Error executing 'bin/wazuh-control': ${result.error}`);
      return stopped();
    }
    return ended();
  },
  delete: (ctx) => restartWazuh.add(ctx),
};

/** `restart-wazuh.exe` (spec §4): `%WINDIR%\system32\net.exe stop Wazuh`, then `net.exe start Wazuh`. */
export const restartWazuhWindows: ScriptDefinition<null> = {
  name: 'restart-wazuh.exe',
  read: readNothing,
  add: async (ctx) => {
    const net = windirPath(ctx.platform, 'system32', 'net.exe');
    await tryRun(ctx, net, ['stop', 'Wazuh']);
    await tryRun(ctx, net, ['start', 'Wazuh']);
    return ended();
  },
  delete: (ctx) => restartWazuhWindows.add(ctx),
};
