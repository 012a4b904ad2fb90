/**
 * Raw input (Kafka value, HTTP item, `alerts.json` line) → a validated Wazuh alert, or the reason it is not one.
 * PURE: no I/O, no clock; never throws for bad input (a bad input is a result, house style §6).
 */
import { AlertV1, ContractViolationError, jsonLimitViolation, MAX_ALERT_DEPTH, MAX_ALERT_KEYS, type Alert } from '@riposte/contracts';
import { forbiddenRootKey, isRecord, unwrapFilebeat, type AlertShape } from './unwrap-filebeat';

export type { AlertShape } from './unwrap-filebeat';

/** A valid alert: `json` is what goes on the alerts topic, `agentId` its partition key. */
export interface AcceptedAlert {
  readonly ok: true;
  readonly alert: Alert;
  readonly json: string;
  readonly agentId: string;
  readonly shape: AlertShape;
}

/** An input that is not an alert; `reason` names what is wrong (it travels in the dead letter's reason header). */
export interface RejectedAlert {
  readonly ok: false;
  readonly reason: string;
}

/** The result of normalizing one raw input. */
export type NormalizedAlert = AcceptedAlert | RejectedAlert;

/**
 * Largest raw input parsed at all, in bytes. A Filebeat event carries the alert plus ~1 KiB of metadata, and an
 * alert inside `message` grows by its escaping, so the wrapper may exceed MAX_ALERT_BYTES while its alert does not.
 */
export const MAX_RAW_BYTES = 4 * AlertV1.MAX_ALERT_BYTES;

/** The shape limits (`@riposte/contracts` input-limits), re-exported for the specs of this service. */
export { MAX_ALERT_DEPTH, MAX_ALERT_KEYS };

const reject = (reason: string): RejectedAlert => ({ ok: false, reason });

/** Refuses bytes that are not UTF-8 instead of turning them into U+FFFD: a script would get other bytes than were sent. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Normalizes one raw alert. A Buffer or string is text to parse (UTF-8); anything else is an already decoded JSON
 * value. Accepts a bare Wazuh alert and the three Filebeat shapes (`unwrap-filebeat.ts`). The alert's own fields
 * are kept exactly (validation does not reorder or coerce them); a bare alert given as text keeps its bytes.
 */
export function normalizeRawAlert(raw: Buffer | string | object | null): NormalizedAlert {
  if (raw === null) return reject('empty message');
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) return fromText(raw);
  return fromValue(raw, undefined);
}

function fromText(raw: Buffer | string): NormalizedAlert {
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (bytes > MAX_RAW_BYTES) return reject(`oversized: ${bytes} bytes, over the ${MAX_RAW_BYTES}-byte input limit`);
  // A UTF-8 byte order mark is not JSON whitespace; editors and some shippers still write one.
  let decoded: string;
  try {
    decoded = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return reject('invalid UTF-8');
  }
  const text = decoded.replace(/^\uFEFF/, '').trim();
  if (text === '') return reject('empty message');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return reject(`not JSON (${(e as Error).message})`);
  }
  return fromValue(value, text);
}

function fromValue(value: unknown, text: string | undefined): NormalizedAlert {
  const found = unwrapFilebeat(value);
  if (!found.ok) return found;
  const { candidate, shape } = found;
  const where = shape === 'plain' ? '' : `${shape}: `;
  if (!isRecord(candidate)) return reject(`${where}not a JSON object (${describe(candidate)})`);
  const forbidden = forbiddenRootKey(candidate);
  if (forbidden) return reject(`${where}${forbidden}`);
  const overLimit = jsonLimitViolation(candidate);
  if (overLimit) return reject(`${where}${overLimit}`);

  const ownText = shape === 'plain' ? text : found.text;
  const json = ownText ?? JSON.stringify(candidate);
  const size = Buffer.byteLength(json);
  if (size > AlertV1.MAX_ALERT_BYTES) return reject(`${where}oversized: alert is ${size} bytes, over MAX_ALERT_BYTES (${AlertV1.MAX_ALERT_BYTES})`);

  try {
    AlertV1.parse(candidate);
  } catch (e) {
    if (e instanceof ContractViolationError) return reject(`${where}${e.message}`);
    throw e;
  }
  // The candidate itself, not zod's copy: zod would move the known keys first.
  const alert = candidate as Alert;
  return { ok: true, alert, json, agentId: alert.agent.id, shape };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}
