import { ArMessageV1 } from '@riposte/contracts';
import { isObject, parseProtocolLine } from './parse-message';

/** Longest rkey execd keeps (spec §3.2 step 6). */
export const MAX_RKEY_BYTES = 4095;

/** What execd makes of the line a script printed. */
export interface ParsedCheckKeys {
  /** A valid protocol message with `command: "check_keys"`. */
  readonly valid: boolean;
  /** Its string keys, in order (non-strings skipped); empty when not valid. */
  readonly keys: readonly string[];
}

/** Parses a script's reply line (spec §3.2 step 6). */
export function parseCheckKeys(line: string): ParsedCheckKeys {
  const message = parseProtocolLine(line);
  if (!message || message.command !== 'check_keys') return { valid: false, keys: [] };
  const keys: unknown = isObject(message.parameters) ? message.parameters.keys : undefined;
  return { valid: true, keys: Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [] };
}

/** `basename()` of a program path written with `/` or `\`. */
export function programBasename(program: string): string {
  const parts = program.split(/[/\\]/);
  return parts[parts.length - 1];
}

/** The rkey and whether it had to be cut (Wazuh 4.14.5+ then warns `Active response key exceeds maximum size (4096). Truncating keys.`). */
export interface Rkey {
  readonly rkey: string;
  readonly truncated: boolean;
}

/** `basename(program)` followed by `-<key>` for each string key of a valid check_keys line, cut at 4095 bytes. */
export function rkeyFor(program: string, reply: string | null): Rkey {
  const keys = reply === null ? [] : parseCheckKeys(reply).keys;
  const full = programBasename(program) + keys.map((k) => `-${k}`).join('');
  const bytes = Buffer.from(full, 'utf8');
  if (bytes.length <= MAX_RKEY_BYTES) return { rkey: full, truncated: false };
  return { rkey: bytes.subarray(0, MAX_RKEY_BYTES).toString('utf8').replace(/\uFFFD$/, ''), truncated: true };
}

/** The check_keys line a stateful script prints (byte order of Wazuh's cJSON output). */
export function formatCheckKeys(scriptName: string, keys: readonly string[]): string {
  return JSON.stringify(ArMessageV1.buildCheckKeys(scriptName, keys));
}
