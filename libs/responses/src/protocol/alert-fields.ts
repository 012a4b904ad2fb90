import { isIP } from 'node:net';
import type { ArMessage } from '@riposte/contracts';
import { alertAddresses } from '@riposte/policy';
import { isObject } from './parse-message';

/** `parameters.alert` when it is an object (`get_alert_from_json`). */
export function getAlert(message: ArMessage): Record<string, unknown> | null {
  const alert: unknown = message.parameters.alert;
  return isObject(alert) ? alert : null;
}

function getData(message: ArMessage): Record<string, unknown> | null {
  const data = getAlert(message)?.data;
  return isObject(data) ? data : null;
}

/**
 * A numeric IPv4 (dotted quad) or IPv6 address and nothing else. Stricter than `getaddrinfo(AI_NUMERICHOST)`:
 * shorthand IPv4 (`127.1`, `0x7f.0.0.1`) and IPv6 zone ids (`fe80::1%eth0`) are refused.
 */
export function isNumericIp(value: string): boolean {
  return isIP(value) !== 0 && !value.includes('%');
}

/** 4 or 6 for a numeric address, else null (`get_ip_version`). */
export function ipVersion(value: string): 4 | 6 | null {
  if (!isNumericIp(value)) return null;
  return isIP(value) === 4 ? 4 : 6;
}

/**
 * srcip as Wazuh 4.14.7 reads it (spec §3.2): `data.win.eventdata.ipAddress`, then `…destinationIp`, then
 * `data.srcip`; strings only; a win.eventdata value is used exclusively; the value must be a numeric IP, otherwise
 * it counts as absent.
 */
export function getSrcip(message: ArMessage): string | null {
  const alert = getAlert(message);
  // The same places, in the same order, as the matcher's white list reads (one list: SRCIP_FIELDS).
  const first = alert ? alertAddresses(alert)[0] : undefined;
  return first !== undefined && isNumericIp(first.value) ? first.value : null;
}

/**
 * `is_valid_username` of Wazuh 4.14.7: rejects empty, `root`, more than 256 characters, a leading `-`, `+` or `~`,
 * any of `:` `,` space tab CR LF `/` `\`, and `..`.
 */
export function isValidUsername(user: string): boolean {
  if (user.length === 0 || user.length > 256 || user === 'root') return false;
  if (/^[-+~]/.test(user)) return false;
  if (/[:, \t\n\r/\\]/.test(user)) return false;
  return !user.includes('..');
}

/** `data.dstuser` when it is a string that passes {@link isValidUsername}, else null. */
export function getUsername(message: ArMessage): string | null {
  const user = getData(message)?.dstuser;
  return typeof user === 'string' && isValidUsername(user) ? user : null;
}

/** The string elements of `parameters.extra_args`. */
export function getExtraArgList(message: ArMessage): string[] {
  const args: unknown = message.parameters.extra_args;
  return Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : [];
}

/** `get_extra_args_from_json`: string elements joined by one space, at most 4096 bytes; null when empty. */
export function getExtraArgs(message: ArMessage): string | null {
  let joined = '';
  for (const arg of getExtraArgList(message)) {
    if (Buffer.byteLength(joined) + Buffer.byteLength(arg) + 2 > 4096) break;
    joined = joined === '' ? arg : `${joined} ${arg}`;
  }
  return joined === '' ? null : joined;
}
