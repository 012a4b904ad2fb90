/// <reference types="jest" />
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

/**
 * The tests of a manager ossec.conf as Wazuh's installer leaves it: it parses without problem or warning, has the
 * shipped commands at `commandLines`, no response (the example block is commented out) and the white list of the
 * second `<global>`.
 */
export function itReadsAnInstalledManagerConf(result: ParseResult, ...commandLines: number[]): void {
  it('parses with no problem', () => {
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('has the six shipped commands, at their lines, none with timeout_allowed for restart-wazuh', () => {
    const policy = (result as { policy: Policy }).policy;
    expect(policy.commands.map((c) => [c.name, c.executable, c.timeoutAllowed, c.line])).toEqual(shippedCommandsAt(...commandLines));
  });

  it('has no response (the example block is commented out) and the white list of the second <global>', () => {
    const policy = (result as { policy: Policy }).policy;
    expect(policy.responses).toEqual([]);
    expect(policy.whitelist.entries.map((e) => `${e.kind}:${e.raw}`)).toEqual(['ipv4:127.0.0.1', 'pattern:^localhost.localdomain$', 'ipv4:10.0.0.2']);
    expect(policy.nodeName).toBe('undefined');
  });
}
