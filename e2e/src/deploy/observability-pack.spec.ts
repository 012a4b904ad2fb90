// deploy/grafana and deploy/prometheus: every metric a panel or a rule reads is one the code exports, the rules
// cover what the operator must hear about, and promtool accepts them (check + unit tests) where it is installed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@riposte/testing';

const RULES = path.join(repoRoot, 'deploy/prometheus/riposte.rules.yml');
const RULE_TESTS = path.join(repoRoot, 'deploy/prometheus/riposte.rules.test.yml');
const DASHBOARD = path.join(repoRoot, 'deploy/grafana/riposte-dashboard.json');

/** Metric names the services register: counter/gauge/histogram('riposte_…') and `const NAME = 'riposte_…'`. */
function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const top of ['libs', 'services']) {
    for (const f of readdirSync(path.join(repoRoot, top), { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts') || f.endsWith('.spec.ts') || f.includes('node_modules')) continue;
      const text = readFileSync(path.join(repoRoot, top, f), 'utf8');
      for (const m of text.matchAll(/(?:counter|gauge|histogram)\(\s*'(riposte_[a-z0-9_]+)'/g)) names.add(m[1]);
      for (const m of text.matchAll(/const NAME = '(riposte_[a-z0-9_]+)'/g)) names.add(m[1]);
      // A histogram is read through its series.
      for (const m of text.matchAll(/histogram\(\s*'(riposte_[a-z0-9_]+)'/g)) for (const s of ['_bucket', '_sum', '_count']) names.add(m[1] + s);
    }
  }
  return names;
}

/** The metric names a PromQL expression reads (label matchers, strings, ranges and grouping clauses left out). */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]).filter((n) => n.startsWith('riposte_') || n === 'up');
}

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface Panel { type: string; title: string; gridPos: { h: number; w: number; x: number; y: number }; targets?: { expr: string }[] }

describe('observability pack', () => {
  const exported = exportedMetrics();
  const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; title: string; panels: Panel[] };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('finds the metrics the services export (so the checks below compare with something)', () => {
    expect([...exported]).toEqual(expect.arrayContaining(['riposte_matcher_dispatches_total', 'riposte_bus_consumer_lag', 'riposte_executor_script_duration_seconds_bucket']));
    expect(metricsIn('sum by (le) (rate(riposte_x_bucket{a="b"}[5m])) / up')).toEqual(['riposte_x_bucket', 'up']);
  });

  it('every alerting rule reads metrics that exist, and says how bad and what', () => {
    expect(rules.length).toBeGreaterThanOrEqual(5);
    const problems: string[] = [];
    for (const r of rules) {
      const used = metricsIn(r.expr);
      if (used.length === 0) problems.push(`${r.alert}: reads no Riposte metric`);
      for (const m of used) if (m !== 'up' && !exported.has(m)) problems.push(`${r.alert}: ${m} is not exported by any service`);
      if (!r.alert || !r.labels?.severity || !r.annotations?.summary) problems.push(`${r.alert ?? r.expr}: needs alert, labels.severity and annotations.summary`);
    }
    expect(problems).toEqual([]);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('alerts on lag, dead-letter growth, overdue timers, inactive agents and the script failure rate', () => {
    const reads = (metric: string) => rules.filter((r) => metricsIn(r.expr).includes(metric)).map((r) => r.alert);
    expect({
      lag: reads('riposte_bus_consumer_lag').length > 0,
      deadLetters: reads('riposte_bus_dead_letters_total').length > 0,
      overdue: reads('riposte_scheduler_fire_lateness_seconds_bucket').length > 0,
      inactiveAgents: reads('riposte_control_agents').length > 0,
      scriptFailures: rules.some((r) => r.expr.includes('script.failed')),
    }).toEqual({ lag: true, deadLetters: true, overdue: true, inactiveAgents: true, scriptFailures: true });
  });

  it('promtool accepts the rules and their unit tests, where promtool is installed', () => {
    const promtool = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
    if (!promtool) {
      console.warn('promtool is not installed here (Debian: apt-get install prometheus): the rules were checked by the parser only');
      return;
    }
    const check = spawnSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect({ status: check.status, out: check.status === 0 ? '' : `${check.stdout}${check.stderr}` }).toEqual({ status: 0, out: '' });
    const test = spawnSync(promtool, ['test', 'rules', path.basename(RULE_TESTS)], { encoding: 'utf8', cwd: path.dirname(RULE_TESTS) });
    expect({ status: test.status, out: test.status === 0 ? '' : `${test.stdout}${test.stderr}` }).toEqual({ status: 0, out: '' });
  });

  it('the dashboard reads only exported metrics, and shows what an operator asks first', () => {
    expect(dashboard.uid).toBe('riposte-overview');
    const problems: string[] = [];
    const used = new Set<string>();
    for (const p of panels) {
      if (!p.targets?.length) problems.push(`${p.title}: no query`);
      for (const t of p.targets ?? []) for (const m of metricsIn(t.expr)) {
        used.add(m);
        if (!exported.has(m)) problems.push(`${p.title}: ${m} is not exported by any service`);
      }
    }
    expect(problems).toEqual([]);
    expect([...used]).toEqual(expect.arrayContaining([
      'riposte_alert_ingest_alerts_total', // alerts/s
      'riposte_matcher_dispatches_total', // dispatches by response
      'riposte_control_active_responses', // active blocks
      'riposte_scheduler_timers_fired_total', // timers due (fired)
      'riposte_scheduler_fire_lateness_seconds_bucket', // and how overdue
      'riposte_bus_consumer_lag',
      'riposte_bus_dead_letters_total',
      'riposte_executor_steps_total', // script failures
      'riposte_executor_script_duration_seconds_bucket',
    ]));
  });

  it('the dashboard panels do not overlap on the 24-column grid', () => {
    const cells = new Map<string, string>();
    const clashes: string[] = [];
    for (const p of dashboard.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        const key = `${i},${j}`;
        if (cells.has(key)) clashes.push(`${p.title} / ${cells.get(key)}`);
        cells.set(key, p.title);
      }
    }
    expect([...new Set(clashes)]).toEqual([]);
  });
});
