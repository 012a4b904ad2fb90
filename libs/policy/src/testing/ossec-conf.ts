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
