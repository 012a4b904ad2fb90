import type { ActiveKey, KeyRecord } from '../state/executor-state';

/** What the table holds for the rkey and what the delete names. */
export interface DeleteInput {
  readonly record: KeyRecord | undefined;
  /** The `addedAt` of the add to undo (a timer's, or the one an operator unblocks); required since issue 10. */
  readonly generation?: number;
}

/** Run the delete (with the entry we hold) and keep `record` (the offender count only, if any), or skip it. */
export type DeletePlan =
  | { readonly run: true; readonly entry: ActiveKey; readonly record: KeyRecord | undefined }
  | { readonly run: false; readonly reason: 'stale delete' | 'delete without generation' };

/**
 * Whether a delete may run: only while its rkey is active with the very generation it names. A delete that lost the
 * race with an abort-restart, or that arrives again after the key is gone, is stale. A delete naming no generation
 * never runs (it could lift any block; verifyCommand refuses it first, this is the second check).
 */
export function planDelete(input: DeleteInput): DeletePlan {
  if (input.generation === undefined) return { run: false, reason: 'delete without generation' };
  const entry = input.record?.active;
  if (entry?.addedAt !== input.generation) return { run: false, reason: 'stale delete' };
  const offender = input.record?.offender;
  return { run: true, entry, record: offender ? { offender } : undefined };
}
