/**
 * PURE: turns the text of an ossec.conf into the snapshot the matcher works with, or the problems that make it
 * unusable, and builds the audit events of a reload. No file system here: the provider reads the file.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from '@riposte/contracts';
import { compilePolicy, formatProblem, parseOssecConf, type CompiledPolicy, type Policy } from '@riposte/policy';
import { SERVICE } from '../matching/plan-messages';

/** One loaded policy, immutable: a reload swaps the whole snapshot, so an alert sees one policy from start to end. */
export interface PolicySnapshot {
  readonly policy: Policy;
  /** Compiled once here, so per-alert matching only looks at the candidate blocks. */
  readonly compiled: CompiledPolicy;
  readonly responseCount: number;
  /** True when a response can take the `all` branch: only then does an alert need the active agents. */
  readonly needsActiveAgents: boolean;
  /** sha256 of the file text, to tell a real change from a touched file. */
  readonly hash: string;
  /** Epoch ms. */
  readonly loadedAt: number;
  /** Non-fatal problems, `file:line: (code) message` (1305, 1306, deprecated `<expect>`…). */
  readonly warnings: readonly string[];
}

/** A file that parsed (its snapshot), or did not (its problems, `file:line: (code) message`). */
export type PolicyReading =
  | { readonly ok: true; readonly snapshot: PolicySnapshot }
  | { readonly ok: false; readonly hash: string; readonly problems: readonly string[]; readonly warnings: readonly string[] };

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses and compiles one ossec.conf text; `source` names the file in the problems, `now` is the load time. */
export function readPolicy(text: string, source: string, now: number): PolicyReading {
  const hash = hashText(text);
  const result = parseOssecConf(text, source);
  const warnings = result.warnings.map(formatProblem);
  if (!result.ok) return { ok: false, hash, problems: result.errors.map(formatProblem), warnings };
  const { policy } = result;
  return {
    ok: true,
    snapshot: {
      policy,
      compiled: compilePolicy(policy),
      responseCount: policy.responses.length,
      // `server` wins over `all` in Wazuh's branch order, so `server,all` never needs the agent list.
      needsActiveAgents: policy.responses.some((r) => r.flags.all && !r.flags.server),
      hash,
      loadedAt: now,
      warnings,
    },
  };
}

/** The audit event of a reload: `policy.reloaded` with the new response count, or `policy.rejected` with why. */
export function reloadAudit(reading: PolicyReading, source: string, now: number): AuditEvent {
  if (reading.ok) {
    const { snapshot } = reading;
    return {
      type: 'policy.reloaded',
      at: now,
      service: SERVICE,
      detail: { source, responses: snapshot.responseCount, sha256: snapshot.hash, warnings: snapshot.warnings },
    };
  }
  return {
    type: 'policy.rejected',
    at: now,
    service: SERVICE,
    reason: reading.problems[0] ?? 'invalid configuration',
    detail: { source, problems: reading.problems, sha256: reading.hash, keptPrevious: true },
  };
}
