import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, tryRun, windirPath } from './script-helpers';

async function findLogged(ctx: ScriptContext<string>, name: string): Promise<string> {
  const bin = await ctx.which(name);
  if (!bin.found) ctx.log(`Binary '${bin.path}' not found in default paths, the full path will not be used.`);
  return bin.path;
}

async function unix(ctx: ScriptContext<string>): Promise<Outcome> {
  const route = await findLogged(ctx, 'route');
  const ip = ctx.input;
  let args: string[];
  if (ctx.platform.sysname === 'Linux') args = ctx.command === 'add' ? ['add', ip, 'reject'] : ['del', ip, 'reject'];
  else if (ctx.platform.sysname === 'FreeBSD') args = ['-q', ctx.command === 'add' ? 'add' : 'delete', ip, '127.0.0.1', '-blackhole'];
  else {
    ctx.log('Invalid system');
    return ended();
  }
  if (!(await tryRun(ctx, route, args))) ctx.log('Unable to run route');
  return ended();
}

/** The line `ipconfig | findstr /R /C:".*Default Gateway.*[0-9]+.[0-9]+.[0-9]+.[0-9]+"` keeps last, after `: `. */
export function defaultGateway(ipconfigOutput: string): string | null {
  let gateway: string | null = null;
  for (const line of ipconfigOutput.split('\n')) {
    if (!/Default Gateway.*[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon >= 0) gateway = line.slice(colon + 2).trim();
  }
  return gateway || null;
}

async function windows(ctx: ScriptContext<string>): Promise<Outcome> {
  const route = await findLogged(ctx, 'route.exe');
  if (ctx.command === 'delete') {
    if (!(await tryRun(ctx, route, ['DELETE', ctx.input]))) ctx.log(`Unable to run ${route}, action: 'DELETE'`);
    return ended();
  }
  const ipconfig = await tryRun(ctx, windirPath(ctx.platform, 'system32', 'ipconfig.exe'), []);
  const gateway = ipconfig ? defaultGateway(ipconfig.stdout) : null;
  if (!gateway) {
    ctx.log("Couldn't get default gateway");
    return stopped();
  }
  if (!(await tryRun(ctx, route, ['-p', 'ADD', ctx.input, 'MASK', '255.255.255.255', gateway]))) ctx.log(`Unable to run ${route}, action: 'ADD'`);
  return ended();
}

/** `route-null` (spec §4): Linux `route add|del <ip> reject`, FreeBSD `route -q add|delete <ip> 127.0.0.1 -blackhole`. */
export const routeNull: ScriptDefinition<string> = { name: 'route-null', read: readSrcip, keys: (ip) => [ip], add: unix, delete: unix };

/**
 * `route-null.exe` (spec §4, command `win_route-null`): `route.exe -p ADD <ip> MASK 255.255.255.255 <gateway>` with
 * the gateway from `ipconfig.exe` (filtered here, not through findstr and a shell), `route.exe DELETE <ip>`.
 */
export const routeNullWindows: ScriptDefinition<string> = { name: 'route-null.exe', read: readSrcip, keys: (ip) => [ip], add: windows, delete: windows };
