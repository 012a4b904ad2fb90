/**
 * The alert input of `riposte simulate`: one JSON object (pretty-printed or not), or NDJSON with one alert per line
 * (as alerts.json). Each alert is checked against the alert contract; the object as read is what the decision
 * gets, so `parameters.alert` keeps the input's key order (the contract's parse rebuilds objects in schema order).
 */
import { type Alert, AlertV1, ContractViolationError } from '@riposte/contracts';

export type AlertInput =
  | { readonly ok: true; readonly line: number; readonly alert: Alert }
  | { readonly ok: false; readonly line: number; readonly error: string };

export function readAlerts(text: string): AlertInput[] {
  const firstLine = lineOfFirstContent(text);
  if (firstLine === undefined) return [{ ok: false, line: 1, error: 'no alert in the input' }];
  const whole = tryJson(text);
  if (whole.ok) return [checkAlert(whole.value, firstLine)];
  const lines = text.split('\n');
  const first = tryJson(lines[firstLine - 1]);
  if (!first.ok) return [{ ok: false, line: lineAt(text, whole.position) ?? firstLine, error: `invalid JSON: ${whole.message}` }];
  return lines.flatMap((l, i) => {
    if (l.trim() === '') return [];
    const parsed = tryJson(l);
    return [parsed.ok ? checkAlert(parsed.value, i + 1) : { ok: false as const, line: i + 1, error: `invalid JSON: ${parsed.message}` }];
  });
}

function checkAlert(value: unknown, line: number): AlertInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, line, error: 'expected a JSON object (one alert), or one alert per line (NDJSON)' };
  }
  try {
    AlertV1.parse(value);
    return { ok: true, line, alert: value as Alert };
  } catch (e) {
    if (e instanceof ContractViolationError) return { ok: false, line, error: e.message };
    throw e;
  }
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; position?: number } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    return { ok: false, message, position: position === undefined ? undefined : Number(position) };
  }
}

function lineOfFirstContent(text: string): number | undefined {
  const i = text.split('\n').findIndex((l) => l.trim() !== '');
  return i < 0 ? undefined : i + 1;
}

function lineAt(text: string, position: number | undefined): number | undefined {
  return position === undefined ? undefined : text.slice(0, position).split('\n').length;
}
