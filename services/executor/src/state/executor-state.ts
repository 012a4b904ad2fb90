import type { ArMessage, Trigger } from '@riposte/contracts';

/**
 * One pending undo (Wazuh's `timeout_list` entry, spec §3.2 step 7): what to run when the scheduler's delete for
 * this rkey arrives. `addedAt` is also the generation a delete must name.
 */
export interface ActiveKey {
  /** e.g. `firewall-drop600` */
  readonly arName: string;
  /** `active-response/bin/<executable>` */
  readonly program: string;
  /** The rewritten add with `command:"delete"` (Wazuh's `parameters` of the entry). */
  readonly deleteMessage: ArMessage;
  /** Classic arguments with `delete` for a command-line script (deviation f). */
  readonly legacyArgs?: readonly string[];
  /** The check_keys keys (empty for a basename-only rkey or a command-line script). */
  readonly keys: readonly string[];
  /** Epoch ms of the (re)addition. */
  readonly addedAt: number;
  /** The effective, possibly escalated, timeout. */
  readonly timeoutSeconds: number;
}

/**
 * Everything the executor must not forget (deviation b): the active keys and the repeated-offender counts, both
 * per rkey. Wazuh keeps them in execd's memory only.
 */
export interface ExecutorState {
  readonly active: Readonly<Record<string, ActiveKey>>;
  /** Wazuh's `repeated_hash`: the stored count `c` of §3.4 per rkey (absent before the first timed add). */
  readonly offenders: Readonly<Record<string, number>>;
}

export const EMPTY_STATE: ExecutorState = { active: {}, offenders: {} };

/**
 * The trigger recorded with a timer: the alert that caused it and, for a manual command, the operator (the
 * control API's actor header; without one, the message's origin stands in when there is no alert id).
 */
export function triggerOf(message: ArMessage, actor?: string): Trigger {
  const alert = message.parameters.alert;
  const trigger: { alertId?: string; ruleId?: string; actor?: string } = {};
  if (alert && typeof alert === 'object') {
    const a = alert as { id?: unknown; rule?: { id?: unknown } };
    if (typeof a.id === 'string' || typeof a.id === 'number') trigger.alertId = String(a.id);
    const ruleId = a.rule && typeof a.rule === 'object' ? a.rule.id : undefined;
    if (typeof ruleId === 'string' || typeof ruleId === 'number') trigger.ruleId = String(ruleId);
  }
  if (actor) trigger.actor = actor;
  else if (trigger.alertId === undefined) trigger.actor = message.origin.name || message.origin.module;
  return trigger;
}
