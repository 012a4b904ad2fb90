import type { ArMessage } from '@riposte/contracts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `get_json_from_input`: a protocol message is JSON with a numeric `version`, an object `origin`, a string `command`
 * and an object `parameters`. Anything else is null (the script logs `Invalid input format`).
 */
export function parseProtocolLine(line: string): ArMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (typeof value.version !== 'number') return null;
  if (!isObject(value.origin) || typeof value.command !== 'string' || !isObject(value.parameters)) return null;
  return value as ArMessage;
}

/** The outcome of `setup_and_check_message`'s command check. */
export type ScriptCommandCheck = { ok: true; command: 'add' | 'delete' } | { ok: false; log: string };

/** `add` or `delete`, or the log line Wazuh writes otherwise. */
export function checkScriptCommand(message: ArMessage): ScriptCommandCheck {
  const command: unknown = message.command;
  if (typeof command !== 'string') return { ok: false, log: "Cannot read 'command' from json" };
  if (command === 'add' || command === 'delete') return { ok: true, command };
  return { ok: false, log: "Invalid value of 'command'" };
}

/** The outcome of reading execd's reply to check_keys (`send_keys_and_check_message`). */
export type ReplyCheck = { ok: true; reply: 'continue' | 'abort' } | { ok: false; log?: string };

/** `continue` or `abort`; otherwise the log line Wazuh writes (none for EOF, which logs `Cannot read input from stdin`). */
export function checkReply(line: string): ReplyCheck {
  const message = parseProtocolLine(line);
  if (!message) return { ok: false, log: 'Invalid input format' };
  if (message.command === 'continue' || message.command === 'abort') return { ok: true, reply: message.command };
  return { ok: false, log: "Invalid value of 'command'" };
}

export { isObject };
