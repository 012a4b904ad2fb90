import type { AuditEvent } from '@riposte/contracts';
import { formatAuditJson, formatAuditLine, matchesAudit } from './audit-line';

const at = Date.UTC(2026, 10, 28, 15, 0, 0, 123);

describe('formatAuditLine', () => {
  it('writes a script end as time, agent, type, response, rkey, exit code and duration', () => {
    const e: AuditEvent = { type: 'script.ended', at, service: 'executor', agentId: '001', arName: 'firewall-drop600', rkey: 'firewall-drop-1.2.3.4', detail: { kind: 'continued', exitCode: 0, durationMs: 12.4 } };
    expect(formatAuditLine(e)).toBe('2026-11-28T15:00:00Z 001 script.ended firewall-drop600 rkey=firewall-drop-1.2.3.4 exit=0 12ms');
  });

  it('names the actor of a manual step and quotes a reason with spaces', () => {
    expect(formatAuditLine({ type: 'manual.unblocked', at, service: 'control-api', agentId: '002', arName: 'host-deny600', rkey: 'host-deny-::1', actor: 'bob' })).toBe(
      '2026-11-28T15:00:00Z 002 manual.unblocked host-deny600 rkey=host-deny-::1 actor=bob',
    );
    expect(formatAuditLine({ type: 'alert.suppressed', at, service: 'matcher', alertId: '1.2', ruleId: '5712', reason: 'srcip is white-listed' })).toBe(
      '2026-11-28T15:00:00Z - alert.suppressed - alert=1.2 rule=5712 reason="srcip is white-listed"',
    );
  });

  it('names the key of an enrolment or revocation, and the key it replaced', () => {
    expect(formatAuditLine({ type: 'agent.enrolled', at, service: 'control-api', agentId: '001', actor: 'alice', detail: { keyId: 'b2', replacedKeyId: 'a1' } })).toBe(
      '2026-11-28T15:00:00Z 001 agent.enrolled - key=b2 replaces=a1 actor=alice',
    );
    expect(formatAuditLine({ type: 'agent.revoked', at, service: 'control-api', agentId: '001', actor: 'alice', detail: { keyId: 'b2' } })).toBe('2026-11-28T15:00:00Z 001 agent.revoked - key=b2 actor=alice');
  });

  it('prints CR, LF and terminal controls of any field as visible escapes, so one event is one harmless line (input hardening)', () => {
    const e: AuditEvent = {
      type: 'command.skipped',
      at,
      service: 'executor',
      agentId: '001',
      arName: 'x\x1b]0;owned\x07',
      rkey: 'k\x1b[2J',
      actor: 'bob\r\n2026-11-28T15:00:00Z 001 script.ended fake',
      reason: 'a "b"\n\x9b',
    };
    const line = formatAuditLine(e);
    expect(line).toBe(
      '2026-11-28T15:00:00Z 001 command.skipped x\\x1b]0;owned\\x07 rkey=k\\x1b[2J actor="bob\\r\\n2026-11-28T15:00:00Z 001 script.ended fake" reason="a \\"b\\"\\n\\x9b"',
    );
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });

  it('--json: DEL and C1 controls, which JSON.stringify leaves raw, become \\u escapes; the line is the same JSON', () => {
    const e: AuditEvent = { type: 'command.skipped', at, service: 'executor', reason: 'a\x1b[2J\x7f\x9b[31m\n' };
    const line = formatAuditJson(e);
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(line).toContain('a\\u001b[2J\\u007f\\u009b[31m\\n');
    expect(JSON.parse(line)).toEqual(e);
    expect(formatAuditJson({ type: 'script.ended', at, service: 'executor', reason: 'é' })).toBe(JSON.stringify({ type: 'script.ended', at, service: 'executor', reason: 'é' }));
  });

  it('shows the timeout of a timer and how late it fired', () => {
    expect(formatAuditLine({ type: 'timer.fired', at, service: 'scheduler', agentId: '001', arName: 'firewall-drop600', rkey: 'k', detail: { timeoutSeconds: 600, latenessMs: 3 } })).toBe(
      '2026-11-28T15:00:00Z 001 timer.fired firewall-drop600 rkey=k timeout=600s late=3ms',
    );
  });
});

describe('matchesAudit', () => {
  const e: AuditEvent = { type: 'alert.dispatched', at, service: 'matcher', agentId: '001', alertId: 'a1' };
  it.each([
    [{}, true],
    [{ agent: '001' }, true],
    [{ agent: '002' }, false],
    [{ alert: 'a1' }, true],
    [{ agent: '001', alert: 'a2' }, false],
  ])('%j → %s', (filter, expected) => {
    expect(matchesAudit(e, filter)).toBe(expected);
  });
});
