import type { ActiveKey, ExecutorState } from '../state/executor-state';

/** The timeout table and what the delete names. */
export interface DeleteInput {
  readonly state: ExecutorState;
  readonly rkey: string;
  /** The `addedAt` of the timer that fired; absent for an operator's explicit unblock. */
  readonly generation?: number;
}

/** Run the delete (with the entry we hold, if any) and forget the key, or skip it. */
export type DeletePlan =
  | { readonly run: true; readonly entry?: ActiveKey; readonly state: ExecutorState }
  | { readonly run: false; readonly reason: 'stale delete' };

/**
 * Whether a delete may run. A timer's delete (generation given) runs only while its rkey is active with that very
 * generation: a delete that lost the race with an abort-restart, or that arrives again after the key is gone, is
 * stale. An operator's delete (no generation) always runs, and drops the key if we hold it.
 */
export function planDelete(input: DeleteInput): DeletePlan {
  const entry = input.state.active[input.rkey];
  if (input.generation !== undefined && entry?.addedAt !== input.generation) return { run: false, reason: 'stale delete' };
  if (!entry) return { run: true, state: input.state };
  const { [input.rkey]: _gone, ...active } = input.state.active;
  return { run: true, entry, state: { ...input.state, active } };
}
