/** How `riposte simulate` shows a decision: readable lines, or one JSON object per alert. */
import type { Alert } from '@riposte/contracts';
import type { Decision } from '@riposte/policy';

export function decisionJson(decision: Decision, alert: Alert, withMessages: boolean): unknown {
  return {
    dispatches: decision.dispatches.map((d) => ({
      agent: d.agent,
      name: d.name,
      command: d.command,
      location: d.location,
      timeout: d.timeout,
      executable: d.executable,
      extra_args: d.extraArgs,
      ...(withMessages ? { message: d.message } : {}),
    })),
    suppressed: decision.suppressions.map((s) => ({ name: s.name, reason: s.reason, detail: s.detail })),
    alert: { id: alert.id, rule: decision.ruleId, level: decision.level, agent: decision.agentId, groups: decision.groupString },
    explanations: decision.explanations.map((e) => ({ name: e.name, line: e.line, outcome: e.outcome, rule: e.rule, summary: e.summary })),
  };
}

export function renderDecision(decision: Decision, alert: Alert, where: string, source: string): string {
  const srcip = (alert.data as { srcip?: unknown } | undefined)?.srcip;
  const out = [
    `${where}: alert ${alert.id ?? '(no id)'} — rule ${decision.ruleId}, level ${decision.level}, agent ${decision.agentId}` +
      (typeof srcip === 'string' ? `, srcip ${srcip}` : ''),
    `  groups: ${decision.groupString || '(none)'}`,
  ];
  for (const d of decision.dispatches) {
    out.push(`  dispatch  ${d.name} → ${d.agent}  (${d.location}, ${d.executable}, timeout ${d.timeout}s${d.extraArgs.length ? `, extra_args ${d.extraArgs.join(' ')}` : ''})`);
  }
  for (const s of decision.suppressions) out.push(`  suppress  ${s.name}: ${s.reason} — ${s.detail}`);
  if (decision.dispatches.length === 0 && decision.suppressions.length === 0) out.push('  nothing to dispatch');
  if (decision.explanations.length) {
    out.push('  responses:');
    for (const e of decision.explanations) {
      const where = e.line === undefined ? source : `${source}:${e.line}`;
      out.push(`    ${e.name} (${where}): ${e.outcome === 'not-bound' ? e.summary : `${e.outcome} — ${e.summary}`}`);
    }
  }
  return `${out.join('\n')}\n`;
}
