/**
 * How `riposte policy check` shows a policy: a table like `agent_control -L`, with the timeout, where the
 * response runs and when it fires; and the same as JSON.
 */
import { arConfLines, formatProblem, locationKind, type Policy, type Problem, type ResponseBlock } from '@riposte/policy';

/** When the block binds, in Wazuh's terms: `(level >= 10 AND rules_group 'sshd,') OR rules_id 5712,5720`. */
export function describeConditions(block: ResponseBlock): string {
  const level = block.level ? `level >= ${block.level}` : undefined;
  const group = block.rulesGroup !== undefined ? `rules_group '${block.rulesGroup}'` : undefined;
  const ids = block.rulesId !== undefined ? `rules_id ${block.ruleIds.length ? block.ruleIds.join(',') : '(none)'}` : undefined;
  const levelGroup = level && group ? `(${level} AND ${group})` : (level ?? group);
  if (levelGroup && ids) return `${levelGroup} OR ${ids}`;
  return levelGroup ?? ids ?? 'never (no level, rules_group or rules_id)';
}

/** `local`, `server`, `all (+000)`, `defined-agent 012`, with the written location when it says more. */
export function describeLocation(block: ResponseBlock): string {
  const kind = locationKind(block.flags);
  const shown = kind === 'defined-agent' ? `defined-agent ${block.definedAgent}` : kind === 'all' ? 'all (+000)' : kind;
  return block.location.trim().toLowerCase() === kind ? shown : `${shown} [${block.location}]`;
}

export function renderPolicyTable(policy: Policy): string {
  const header = ['NAME', 'EXECUTABLE', 'TIMEOUT', 'LOCATION', 'CONDITIONS'];
  const rows = policy.responses.map((r) => [r.name, r.command.executable, String(r.timeout), describeLocation(r), describeConditions(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const summary =
    `${policy.source}: OK — ${count(policy.commands.length, 'command')}, ${count(policy.responses.length, 'response')}` +
    (policy.disabled.length ? `, ${policy.disabled.length} disabled` : '') +
    `, ${count(policy.whitelist.entries.length, 'white_list entry', 'white_list entries')}, node name '${policy.nodeName}'`;
  if (policy.responses.length === 0) return `${summary}\n\nNo active response is configured.\n`;
  return `${summary}\n\n${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function policyJson(policy: Policy, warnings: readonly Problem[]): unknown {
  return {
    ok: true,
    source: policy.source,
    nodeName: policy.nodeName,
    responses: policy.responses.map((r) => ({
      name: r.name,
      command: r.command.name,
      executable: r.command.executable,
      timeout: r.timeout,
      location: locationKind(r.flags),
      locationAsWritten: r.location,
      agent: r.definedAgent,
      level: r.level || undefined,
      rules_group: r.rulesGroup,
      rules_id: r.rulesId === undefined ? undefined : r.ruleIds,
      conditions: describeConditions(r),
      repeated_offenders: r.repeatedOffenders,
      extra_args: r.command.extraArgs,
      expect: r.command.expect,
      line: r.line,
    })),
    commands: policy.commands.map((c) => ({ name: c.name, executable: c.executable, timeout_allowed: c.timeoutAllowed, line: c.line })),
    disabled: policy.disabled,
    white_list: policy.whitelist.entries.map((e) => e.raw),
    ar_conf: arConfLines(policy),
    warnings: warnings.map(problemJson),
  };
}

export function problemJson(p: Problem): unknown {
  return { ...p, text: formatProblem(p) };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
