import type { Schedule, Trigger } from '@riposte/contracts';
import { triggerOf, type ActiveKey } from '../state/executor-state';

/**
 * The `schedule` timer request for an active key: after its add, and (`reconcile`) when a reconciliation
 * re-announces it — "still active here with this generation (`addedAt`)" — so a lost timer is inserted again.
 */
export function scheduleFor(agentId: string, rkey: string, active: ActiveKey, o: { trigger?: Trigger; reconcile?: boolean } = {}): Schedule {
  return {
    type: 'schedule',
    agentId,
    rkey,
    arName: active.arName,
    deleteMessage: active.deleteMessage,
    ...(active.legacyArgs && { legacyArgs: [...active.legacyArgs] }),
    keys: [...active.keys],
    addedAt: active.addedAt,
    timeoutSeconds: active.timeoutSeconds,
    trigger: o.trigger ?? active.trigger ?? triggerOf(active.deleteMessage),
    ...(o.reconcile && { reconcile: true }),
  };
}
