import { assertNever } from '@riposte/contracts';
import type { InvokeResult } from '@riposte/responses';
import type { Outbox } from './outbox';

/**
 * The audit of how a run ended: `script.ended` with exit code and duration, or `script.failed` with the reason
 * (`killed after <limit> ms` for a script that hung).
 */
export function recordEnd(out: Outbox, result: InvokeResult, limitMs: number, rkey?: string): void {
  const detail = { kind: result.kind, exitCode: result.exitCode ?? null, durationMs: result.durationMs, ...(result.signal && { signal: result.signal }) };
  const withKey = rkey ? { rkey } : {};
  switch (result.kind) {
    case 'killed':
      return out.audit('script.failed', { ...withKey, reason: `killed after ${limitMs} ms`, detail: { ...detail, ...(result.stderr && { stderr: result.stderr }) } });
    case 'failed':
      return out.audit('script.failed', { ...withKey, reason: result.reason ?? 'could not be started', detail });
    case 'stateless':
    case 'continued':
    case 'aborted':
    case 'completed':
      return out.audit('script.ended', { ...withKey, detail });
    default:
      return assertNever(result.kind);
  }
}
