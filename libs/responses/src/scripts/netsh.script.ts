import type { Outcome, ScriptContext, ScriptDefinition } from '../runner/script-definition';
import { ended, stopped } from '../runner/script-definition';
import { readSrcip, runOrError, tryRun } from './script-helpers';

const RULE_NAME = 'WAZUH ACTIVE RESPONSE BLOCKED IP';
const POLICY_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\';
const PROFILES = ['DomainProfile', 'StandardProfile', 'PublicProfile'];
const PROFILE_NAMES: Record<string, string> = { DomainProfile: 'FIREWALL_DOMAIN', StandardProfile: 'FIREWALL_PRIVATE', PublicProfile: 'FIREWALL_PUBLIC' };

async function findLogged(ctx: ScriptContext<string>, name: string): Promise<string> {
  const bin = await ctx.which(name);
  if (!bin.found) ctx.log(`Binary '${bin.path}' not found in default paths, the full path will not be used.`);
  return bin.path;
}

/** One profile's entry from `reg query …\<Profile> /v EnableFirewall` output, as `getFirewallProfile`/`getStatusFirewallProfile` read it. */
export function readProfileStatus(output: string): { profile: string; enabled: boolean } | null {
  const lines = output.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const at = lines[i].indexOf('FirewallPolicy');
    if (at < 0) continue;
    const after = lines[i].slice(at).split('\\')[1] ?? '';
    const profile = ['DomainProfile', 'PublicProfile', 'StandardProfile'].find((p) => after.includes(p));
    if (!profile) continue;
    const status = lines[i + 1];
    const dword = status.indexOf('REG_DWORD');
    const enabled = dword >= 0 && status.slice(dword).trim().split(/\s+/)[1] === '0x1';
    return { profile: PROFILE_NAMES[profile], enabled };
  }
  return null;
}

/** `getAllProfilesStatus`: logs rule 658's "may not have an effect" line when a profile is off; false when reg.exe cannot run. */
async function checkProfiles(ctx: ScriptContext<string>): Promise<boolean> {
  const reg = await findLogged(ctx, 'reg.exe');
  const entries: string[] = [];
  let allEnabled = true;
  for (const [i, profile] of PROFILES.entries()) {
    const result = await runOrError(ctx, reg, ['query', `${POLICY_KEY}${profile}`, '/v', 'EnableFirewall']);
    if ('error' in result) {
      ctx.log(`Error executing '${reg}' : ${result.error}`);
      return false;
    }
    const status = readProfileStatus(result.stdout);
    if (!status) continue;
    allEnabled &&= status.enabled;
    entries.push(`"profile${i + 1}":"${status.profile}","status${i + 1}":"${status.enabled ? 'active' : 'inactive'}"`);
  }
  if (!allEnabled) {
    // Wazuh's buffer arithmetic leaves the last entry's trailing space in place.
    ctx.log(`{"message":"Active response may not have an effect","firewall":{${entries.join(',')} },"status":"inactive","script":"netsh"}`);
  }
  return true;
}

async function apply(ctx: ScriptContext<string>): Promise<Outcome> {
  const netsh = await findLogged(ctx, 'netsh.exe');
  const add = ctx.command === 'add';
  if (add && !(await checkProfiles(ctx))) return stopped();
  const name = `name="${RULE_NAME}"`;
  const calls: { args: string[]; failure: string }[] = [];
  if (ctx.platform.windowsVistaOrLater !== false) {
    const remoteip = `remoteip=${ctx.input}/32`;
    const failure = `Unable to run netsh, action: '${add ? 'ADD' : 'DELETE'}', rule: '${RULE_NAME}'`;
    if (add) {
      for (const dir of ['dir=in', 'dir=out']) {
        calls.push({ args: ['advfirewall', 'firewall', 'add', 'rule', name, 'interface=any', dir, 'action=block', remoteip], failure });
      }
    } else calls.push({ args: ['advfirewall', 'firewall', 'delete', 'rule', name, remoteip], failure });
  } else {
    const filter = ['filterlist="wazuh_filter"', 'srcmask="255.255.255.255"', `srcaddr="${ctx.input}"`, 'dstaddr=Me', 'protocol="any"', 'mirrored=yes'];
    if (add) {
      calls.push({ args: ['ipsec', 'static', 'add', 'filter', ...filter], failure: "Unable to run netsh, action: 'ADD', 'wazuh_filter'" });
      calls.push({ args: ['ipsec', 'static', 'add', 'filteraction', 'name="wazuh_action"', 'action=block'], failure: "Unable to run netsh, action: 'ADD', 'wazuh_action'" });
      calls.push({ args: ['ipsec', 'static', 'add', 'policy', 'name="wazuh_policy"', 'assign=yes', `description="${RULE_NAME}"`], failure: "Unable to run netsh, action: 'ADD', 'wazuh_policy'" });
      calls.push({ args: ['ipsec', 'static', 'add', 'rule', 'name=wazuh_rule', 'policy=wazuh_policy', 'filterlist=wazuh_filter', 'filteraction=wazuh_action'], failure: "Unable to run netsh, action: 'ADD', 'wazuh_rule'" });
    } else calls.push({ args: ['ipsec', 'static', 'delete', 'filter', ...filter], failure: "Unable to run netsh, action: 'DELETE', rule: 'wazuh_rule'" });
  }
  for (const call of calls) if (!(await tryRun(ctx, netsh, call.args))) ctx.log(call.failure);
  return ended();
}

/**
 * `netsh.exe` (spec §4): Windows Firewall rules named `WAZUH ACTIVE RESPONSE BLOCKED IP` for `<ip>/32` (in, then
 * out; `/32` even for IPv6, as in Wazuh), after checking the three firewall profiles; ipsec filters before Vista.
 */
export const netsh: ScriptDefinition<string> = { name: 'netsh.exe', read: readSrcip, keys: (ip) => [ip], add: apply, delete: apply };
