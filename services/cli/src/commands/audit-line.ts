import type { AuditEvent } from '@riposte/contracts';

/** `2026-11-28T15:00:00.123Z` → `2026-11-28T15:00:00Z` (operators read seconds; the JSON keeps the ms). */
function isoSeconds(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A value that needs quotes in a `key=value` list. */
function quoted(v: string): string {
  return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
}

/**
 * One readable line per audit event:
 * `2026-11-28T15:00:00Z 001 script.ended firewall-drop600 rkey=firewall-drop-1.2.3.4 exit=0 12ms`
 * then whichever of alert, rule, actor, reason the event carries.
 */
export function formatAuditLine(e: AuditEvent): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const parts = [isoSeconds(e.at), e.agentId ?? '-', e.type, e.arName ?? '-'];
  const kv = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') parts.push(`${k}=${quoted(String(v))}`);
  };
  kv('rkey', e.rkey);
  if (typeof d.exitCode === 'number') kv('exit', d.exitCode);
  if (typeof d.signal === 'string') kv('signal', d.signal);
  if (typeof d.durationMs === 'number') parts.push(`${Math.round(d.durationMs)}ms`);
  if (typeof d.timeoutSeconds === 'number' && e.type.startsWith('timer.')) parts.push(`timeout=${d.timeoutSeconds}s`);
  if (typeof d.latenessMs === 'number' && e.type === 'timer.fired') parts.push(`late=${d.latenessMs}ms`);
  kv('alert', e.alertId);
  kv('rule', e.ruleId);
  kv('actor', e.actor);
  kv('reason', e.reason);
  return parts.join(' ');
}

/** `--agent` / `--alert` filters of `riposte tail audit`. */
export function matchesAudit(e: AuditEvent, f: { agent?: string; alert?: string }): boolean {
  return (f.agent === undefined || e.agentId === f.agent) && (f.alert === undefined || e.alertId === f.alert);
}
