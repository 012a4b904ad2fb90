import type { TriggerResult } from '@riposte/contracts';
import { WAZUH_ERRORS, type WazuhErrorCode } from './wazuh-errors';

/** Wazuh's messages for `PUT /active-response`. */
export const AR_MESSAGES = {
  all: 'AR command was sent to all agents',
  some: 'AR command was not sent to some agents',
  none: 'AR command was not sent to any agent',
} as const;

const byNumber = (a: string, b: string) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b));

/**
 * Renders affected and failed items exactly as Wazuh does: failures grouped by error code (codes ascending, ids
 * sorted numerically), the message chosen from the totals, `error` 0/1/2.
 */
export function renderItems(
  affected: readonly string[],
  failed: readonly { id: string; code: WazuhErrorCode }[],
  messages: { all: string; some: string; none: string },
): TriggerResult {
  const groups = new Map<WazuhErrorCode, string[]>();
  for (const f of failed) groups.set(f.code, [...(groups.get(f.code) ?? []), f.id]);
  const failedItems = [...groups]
    .sort(([a], [b]) => a - b)
    .map(([code, ids]) => ({ error: { code, ...WAZUH_ERRORS[code] }, id: [...ids].sort(byNumber) }));
  const totalAffected = affected.length;
  const totalFailed = failed.length;
  const message = totalAffected === 0 ? messages.none : totalFailed === 0 ? messages.all : messages.some;
  const error = totalAffected > 0 && totalFailed > 0 ? 2 : totalAffected > 0 ? 0 : totalFailed > 0 ? 1 : 0;
  return {
    data: { affected_items: [...affected], total_affected_items: totalAffected, total_failed_items: totalFailed, failed_items: failedItems },
    message,
    error,
  };
}
