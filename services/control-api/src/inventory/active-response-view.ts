import { isAgentId, type Trigger } from '@riposte/contracts';
import { splitTimerId, timerId, type TimerView } from '@riposte/store';

/** One active stateful response as `GET /active-responses` shows it. */
export interface ActiveResponseItem {
  /** Stable id for `DELETE /active-responses/{id}`: url-safe base64 of `<agentId>:<rkey>`. */
  id: string;
  agentId: string;
  /** The ar.conf name, e.g. `firewall-drop600`. */
  response: string;
  rkey: string;
  keys: string[];
  /** ISO 8601 of the (re)addition. */
  started: string;
  /** ISO 8601 of the delete. */
  expires: string;
  /** Whole seconds left, rounded up (0 once due). */
  remainingSeconds: number;
  /** The effective, possibly escalated, timeout. */
  timeoutSeconds: number;
  /** The alert (id, rule) or the operator that caused it. */
  trigger: Trigger;
  traceId: string;
}

/** The item id of a timer. */
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
