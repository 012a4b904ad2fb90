import { isAgentId, type ActiveResponseItem } from '@riposte/contracts';
import { splitTimerId, timerId, type TimerView } from '@riposte/store';

/** The item id of a timer (`ActiveResponseItem.id`). */
export function encodeItemId(agentId: string, rkey: string): string {
  return Buffer.from(timerId(agentId, rkey), 'utf8').toString('base64url');
}

/** Agent and rkey of an item id, or undefined when it is not one. */
export function decodeItemId(id: string): { agentId: string; rkey: string } | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // Round trip: refuses ids that decode loosely (stray bits, invalid UTF-8).
  if (Buffer.from(text, 'utf8').toString('base64url') !== id) return undefined;
  try {
    const parts = splitTimerId(text);
    return isAgentId(parts.agentId) && parts.rkey !== '' ? parts : undefined;
  } catch {
    return undefined;
  }
}

export function toItem(v: TimerView): ActiveResponseItem {
  return {
    id: encodeItemId(v.agentId, v.rkey),
    agentId: v.agentId,
    response: v.arName,
    rkey: v.rkey,
    keys: [...v.keys],
    started: new Date(v.started).toISOString(),
    expires: new Date(v.expires).toISOString(),
    remainingSeconds: Math.ceil(v.remainingMs / 1000),
    timeoutSeconds: v.timeoutSeconds,
    trigger: v.trigger,
    traceId: v.traceId,
  };
}

/** `key` filter: the rkey itself (`firewall-drop-1.2.3.4`) or one of its check_keys keys (`1.2.3.4`). */
export function matchesKey(v: Pick<TimerView, 'rkey' | 'keys'>, key: string | undefined): boolean {
  return key === undefined || v.rkey === key || v.keys.includes(key);
}
