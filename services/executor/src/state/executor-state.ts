import type { ArMessage, Trigger } from '@riposte/contracts';

/**
 * One pending undo (Wazuh's `timeout_list` entry, spec §3.2 step 7): what to run when the scheduler's delete for
 * this rkey arrives, and what a reconciliation re-announces. `addedAt` is also the generation a delete must name.
 */
export interface ActiveKey {
  /** e.g. `firewall-drop600` */
  readonly arName: string;
  /** `active-response/bin/<executable>` */
  readonly program: string;
  /**
   * The rewritten add with `command:"delete"` (Wazuh's `parameters` of the entry). It carries the alert because the
   * delete script reads it (srcip, user, any field a custom script uses); the scheduler needs it again after a
   * Redis loss, so a reconciliation re-announces it.
   */
  readonly deleteMessage: ArMessage;
  /** Classic arguments with `delete` for a command-line script (deviation f). */
  readonly legacyArgs?: readonly string[];
  /** The check_keys keys (empty for a basename-only rkey or a command-line script). */
  readonly keys: readonly string[];
  /** Epoch ms of the (re)addition. */
  readonly addedAt: number;
  /** The effective, possibly escalated, timeout. */
  readonly timeoutSeconds: number;
  /** What caused the latest (re)addition, re-announced with the timer (absent in state written before issue 11). */
  readonly trigger?: Trigger;
  /**
   * Saved before `continue` went to the script, and cleared once it was written: still set at the next add of the
   * rkey, the executor died in between and the script never acted, so that add runs the script again.
   */
  readonly unreplied?: true;
}

/** Wazuh's `repeated_hash` entry: the stored count `c` of §3.4, and when it is forgotten. */
export interface OffenderCount {
  readonly count: number;
  /** Epoch ms after which the count no longer exists; absent: never (Wazuh's behaviour for execd's lifetime). */
  readonly until?: number;
}

/**
 * Everything the executor must not forget about one rkey (deviation b): its pending undo and its repeated-offender
 * count. Wazuh keeps both in execd's memory only. Kept per rkey so one command reads and writes one record.
 */
export interface KeyRecord {
  readonly active?: ActiveKey;
  readonly offender?: OffenderCount;
}

/** The durable table as the decisions read it: one rkey at a time. */
export interface StateReader {
  get(rkey: string): KeyRecord | undefined;
}

/** The count of `offender` at `now`: undefined when there is none or it expired. */
export function liveCount(offender: OffenderCount | undefined, now: number): number | undefined {
  if (!offender || (offender.until !== undefined && offender.until < now)) return undefined;
  return offender.count;
}

/** The record without what expired by `now`; undefined when nothing is left. */
export function liveRecord(record: KeyRecord | undefined, now: number): KeyRecord | undefined {
  if (!record) return undefined;
  if (record.offender === undefined || liveCount(record.offender, now) !== undefined) return record;
  return record.active ? { active: record.active } : undefined;
}

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
