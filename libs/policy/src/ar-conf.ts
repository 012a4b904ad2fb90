/**
 * `etc/shared/ar.conf`, the command table the manager distributes to agents (spec §1.5), and name look-ups as
 * execd, `agent_control` and the API make them (spec §3.2 step 3, §6).
 */
import type { Command, Policy, ResponseBlock } from './policy';

export interface ArConfEntry {
  /** First column, e.g. `firewall-drop600`. */
  readonly name: string;
  readonly executable: string;
  /** Seconds. */
  readonly timeout: number;
  /** One of the six lines analysisd writes before the configured ones. */
  readonly builtin: boolean;
  /** A `!<file>` name (any executable in `active-response/bin`, timeout 0), not an ar.conf line. */
  readonly custom?: boolean;
  readonly response?: ResponseBlock;
  readonly command?: Command;
}

/** The six lines analysisd writes first [W:src/analysisd/active-response.c]. */
export const BUILTIN_AR_CONF: readonly ArConfEntry[] = [
  ['restart-ossec0', 'restart-ossec.sh'],
  ['restart-ossec0', 'restart-ossec.cmd'],
  ['restart-wazuh0', 'restart-ossec.sh'],
  ['restart-wazuh0', 'restart-ossec.cmd'],
  ['restart-wazuh0', 'restart-wazuh'],
  ['restart-wazuh0', 'restart-wazuh.exe'],
].map(([name, executable]) => ({ name, executable, timeout: 0, builtin: true }));

/** Every ar.conf entry: the built-ins, then one per enabled block in configuration order. */
export function arConfEntries(policy: Policy): ArConfEntry[] {
  return [
    ...BUILTIN_AR_CONF,
    ...policy.responses.map((r) => ({
      name: r.name,
      executable: r.command.executable,
      timeout: r.timeout,
      builtin: false,
      response: r,
      command: r.command,
    })),
  ];
}

/** The file's lines, `<name> - <executable> - <timeout>`, without the trailing newlines. */
export function arConfLines(policy: Policy): string[] {
  return arConfEntries(policy).map((e) => `${e.name} - ${e.executable} - ${e.timeout}`);
}

/**
 * The entries a name resolves to, in ar.conf order. execd uses the first whose executable exists on the host, so
 * several are returned for names such as `restart-wazuh0`. `!<file>` resolves to that file with timeout 0. An
 * empty array means the name is unknown (execd's 1311, the API's 1652, agent_control's "does not exist").
 */
export function findArConfEntries(policy: Policy, name: string): ArConfEntry[] {
  if (name.startsWith('!')) return [{ name, executable: name.slice(1), timeout: 0, builtin: false, custom: true }];
  return arConfEntries(policy).filter((e) => e.name === name);
}
