import { escapeControlChars, type AuditEvent } from '@riposte/contracts';

/** `2026-11-28T15:00:00.123Z` → `2026-11-28T15:00:00Z` (operators read seconds; the JSON keeps the ms). */
function isoSeconds(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A value of the line, quoted when it needs quotes in a `key=value` list (`"` and `\` then escaped, as JSON
 * does); CR, LF, ESC and every other control character shown as a visible escape (`\n`, `\x1b`), never raw.
 */
function quoted(v: string): string {
  return escapeControlChars(/^[^\s"=]+$/.test(v) ? v : `"${v.replace(/["\\]/g, '\\$&')}"`);
}

/**
 * One readable line per audit event:
 * `2026-11-28T15:00:00Z 001 script.ended firewall-drop600 rkey=firewall-drop-1.2.3.4 exit=0 12ms`
 * then whichever of alert, rule, actor, reason the event carries.
 */
export function formatAuditLine(e: AuditEvent): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const parts = [isoSeconds(e.at), escapeControlChars(e.agentId ?? '-'), escapeControlChars(e.type), escapeControlChars(e.arName ?? '-')];
  const kv = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') parts.push(`${k}=${quoted(String(v))}`);
  };
  kv('rkey', e.rkey);
  if (typeof d.exitCode === 'number') kv('exit', d.exitCode);
  if (typeof d.signal === 'string') kv('signal', d.signal);
  if (typeof d.durationMs === 'number') parts.push(`${Math.round(d.durationMs)}ms`);
  if (typeof d.timeoutSeconds === 'number' && e.type.startsWith('timer.')) parts.push(`timeout=${d.timeoutSeconds}s`);
  if (typeof d.latenessMs === 'number' && e.type === 'timer.fired') parts.push(`late=${d.latenessMs}ms`);
  if (e.type.startsWith('agent.')) {
    kv('key', d.keyId);
    kv('replaces', d.replacedKeyId);
  }
  kv('alert', e.alertId);
  kv('rule', e.ruleId);
  kv('actor', e.actor);
  kv('reason', e.reason);
  return parts.join(' ');
}

/**
 * One event as one JSON line (`--json`). JSON.stringify escapes C0 controls but leaves DEL and C1 (CSI U+009B) raw;
 * those become `\u00XX` too, so the line parses to the same event and cannot drive the terminal.
 */
export function formatAuditJson(e: AuditEvent): string {
  return JSON.stringify(e).replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** `--agent` / `--alert` filters of `riposte tail audit`. */
export function matchesAudit(e: AuditEvent, f: { agent?: string; alert?: string }): boolean {
  return (f.agent === undefined || e.agentId === f.agent) && (f.alert === undefined || e.alertId === f.alert);
}
