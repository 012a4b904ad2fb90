import type { ActiveKey, ExecutorState } from '../state/executor-state';

/** The timeout table and what the delete names. */
export interface DeleteInput {
  readonly state: ExecutorState;
  readonly rkey: string;
  /** The `addedAt` of the add to undo (a timer's, or the one an operator unblocks); required since issue 10. */
  readonly generation?: number;
}

/** Run the delete (with the entry we hold, if any) and forget the key, or skip it. */
export type DeletePlan =
  | { readonly run: true; readonly entry: ActiveKey; readonly state: ExecutorState }
  | { readonly run: false; readonly reason: 'stale delete' | 'delete without generation' };

/**
 * Whether a delete may run: only while its rkey is active with the very generation it names. A delete that lost the
 * race with an abort-restart, or that arrives again after the key is gone, is stale. A delete naming no generation
 * never runs (it could lift any block; verifyCommand refuses it first, this is the second check).
 */
export function planDelete(input: DeleteInput): DeletePlan {
  if (input.generation === undefined) return { run: false, reason: 'delete without generation' };
  const entry = input.state.active[input.rkey];
  if (entry?.addedAt !== input.generation) return { run: false, reason: 'stale delete' };
  const { [input.rkey]: _gone, ...active } = input.state.active;
  return { run: true, entry, state: { ...input.state, active } };
}
