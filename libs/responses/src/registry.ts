import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { ScriptDefinition } from './runner/script-definition';
import { disableAccount } from './scripts/disable-account.script';
import { createFirewallDrop } from './scripts/firewall-drop.script';
import { createFirewalldDrop } from './scripts/firewalld-drop.script';
import { hostDeny } from './scripts/host-deny.script';
import { ipCustomblock } from './scripts/ip-customblock.script';
import { ipfw, ipfwMac } from './scripts/ipfw.script';
import { ipsetDrop } from './scripts/ipset-drop.script';
import { kaspersky } from './scripts/kaspersky.script';
import { netsh } from './scripts/netsh.script';
import { npf } from './scripts/npf.script';
import { pf } from './scripts/pf.script';
import { restartWazuh, restartWazuhWindows } from './scripts/restart-wazuh.script';
import { routeNull, routeNullWindows } from './scripts/route-null.script';
import { wazuhSlack } from './scripts/wazuh-slack.script';
import { wazuhTwitter } from './scripts/wazuh-twitter.script';

/** The built-in scripts by executable name, as they appear in `<executable>` and in `active-response/bin/`. */
export const BUILTIN_SCRIPTS: ReadonlyMap<string, ScriptDefinition> = new Map<string, ScriptDefinition>([
  ['disable-account', disableAccount],
  ['firewall-drop', createFirewallDrop('firewall-drop')],
  ['default-firewall-drop', createFirewallDrop('default-firewall-drop')],
  ['firewalld-drop', createFirewalldDrop()],
  ['host-deny', hostDeny],
  ['ip-customblock', ipCustomblock],
  ['ipfw', ipfw],
  ['ipfw_mac', ipfwMac],
  ['npf', npf],
  ['pf', pf],
  ['route-null', routeNull],
  ['restart-wazuh', restartWazuh],
  ['wazuh-slack', wazuhSlack],
  ['wazuh-twitter', wazuhTwitter],
  ['netsh', netsh],
  ['netsh.exe', netsh],
  ['restart-wazuh.exe', restartWazuhWindows],
  ['route-null.exe', routeNullWindows],
  ['ipset-drop', ipsetDrop],
  ['kaspersky', kaspersky],
]);

/** The built-in for an executable name, if any. */
export function getBuiltin(executable: string): ScriptDefinition | undefined {
  return BUILTIN_SCRIPTS.get(executable);
}

/** The line every shim written by `installShims` carries, so the executor can tell a shim from an override. */
export const SHIM_MARKER = '// riposte-shim: built-in active response';

/** True when the file is a shim written by `installShims`. */
export async function isRiposteShim(file: string): Promise<boolean> {
  const head = await fsp.readFile(file, 'utf8').then((t) => t.slice(0, 512), () => '');
  return head.includes(SHIM_MARKER);
}

/** How the executor should run an executable. */
export type ResolvedExecutable =
  | { readonly kind: 'builtin'; readonly definition: ScriptDefinition }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'missing' };

/**
 * A file of that name in the agent's `active-response/bin/` overrides the built-in, unless it is one of our shims;
 * otherwise the built-in runs in-process. Neither: `missing` (execd returns silently, spec §3.2 step 3).
 * Names with a path separator or `..` are refused as missing (execd's traversal check).
 */
export async function resolveExecutable(binDir: string, executable: string): Promise<ResolvedExecutable> {
  if (executable === '' || /[/\\]/.test(executable) || executable === '..' || executable === '.') return { kind: 'missing' };
  const file = path.join(binDir, executable);
  const isFile = await fsp.stat(file).then((s) => s.isFile(), () => false);
  const builtin = getBuiltin(executable);
  if (isFile && !(builtin && (await isRiposteShim(file)))) return { kind: 'file', path: file };
  return builtin ? { kind: 'builtin', definition: builtin } : { kind: 'missing' };
}
