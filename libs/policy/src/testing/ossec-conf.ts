/** Spec helpers for the ossec.conf readers: build a document line by line and read a parse result. */
import { parseOssecConf, type ParseResult } from '../parse-ossec-conf';
import type { Policy } from '../policy';
import { formatProblem } from '../problem';

/** `<ossec_config>` on line 1, then one given line per line: line numbers in assertions are the array index + 2. */
export function conf(...lines: string[]): string {
  return ['<ossec_config>', ...lines, '</ossec_config>'].join('\n');
}

/** The usual firewall-drop `<command>`, timeout allowed. */
export const FW = '<command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>';

/** The policy of a result that must have parsed; otherwise throws with every problem. */
export function ok(result: ParseResult): Policy {
  if (!result.ok) throw new Error(`expected a policy, got:\n${result.errors.map(formatProblem).join('\n')}`);
  return result.policy;
}

/** The errors of a result, formatted as Wazuh logs them (none when it parsed). */
export function problems(result: ParseResult): string[] {
  return result.ok ? [] : result.errors.map(formatProblem);
}

/** The warnings of a result, formatted as Wazuh logs them. */
export function warnings(result: ParseResult): string[] {
  return result.warnings.map(formatProblem);
}

/** The policy of `conf(...lines)` read as `file`, which must parse. */
export function parsedPolicy(file: string, ...lines: string[]): Policy {
  return ok(parseOssecConf(conf(...lines), file));
}

/** The six `<command>`s Wazuh's installer ships in ossec.conf, as `[name, executable, timeoutAllowed]`. */
export const SHIPPED_COMMANDS: ReadonlyArray<readonly [string, string, boolean]> = [
  ['disable-account', 'disable-account', true],
  ['restart-wazuh', 'restart-wazuh', false],
  ['firewall-drop', 'firewall-drop', true],
  ['host-deny', 'host-deny', true],
  ['route-null', 'route-null', true],
  ['win_route-null', 'route-null.exe', true],
];

/** The shipped commands as `[name, executable, timeoutAllowed, line]` rows, at `lines` (one per command, in order). */
export function shippedCommandsAt(...lines: number[]): Array<[string, string, boolean, number]> {
  if (lines.length !== SHIPPED_COMMANDS.length) throw new Error(`expected ${SHIPPED_COMMANDS.length} lines, got ${lines.length}`);
  return SHIPPED_COMMANDS.map(([name, executable, timeoutAllowed], i) => [name, executable, timeoutAllowed, lines[i]]);
}
