import { assertNever } from '@riposte/contracts';
import type { InvokeResult } from '@riposte/responses';
import { histogram } from '@riposte/bus';
import type { Outbox } from './outbox';

/** How long scripts ran, by how they ended (`kind`: completed, continued, aborted, stateless, killed, failed). */
const durations = histogram('riposte_executor_script_duration_seconds', 'Run time of active-response scripts, by outcome', ['outcome'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300]);

/**
 * The audit of how a run ended: `script.ended` with exit code and duration, or `script.failed` with the reason
 * (`killed after <limit> ms` for a script that hung).
 */
export function recordEnd(out: Outbox, result: InvokeResult, limitMs: number, rkey?: string): void {
  const detail = { kind: result.kind, exitCode: result.exitCode ?? null, durationMs: result.durationMs, ...(result.signal && { signal: result.signal }) };
  const withKey = rkey ? { rkey } : {};
  durations.observe({ outcome: result.kind }, result.durationMs / 1000);
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
