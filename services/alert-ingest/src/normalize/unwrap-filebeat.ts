/**
 * Finds the Wazuh alert inside what Filebeat ships. Filebeat reads `alerts.json` and wraps each line in an event
 * of its own; depending on its `json.*` settings the alert arrives in one of three places:
 *
 * - `message`: the alert line as a string (no JSON decoding configured);
 * - the root (`json.keys_under_root: true`, as Wazuh's Filebeat module does): alert fields mixed with Filebeat's
 *   `@timestamp`, `@metadata`, `ecs`, `input`, `log`, `host`… and Filebeat's own `agent` fields
 *   (`type: "filebeat"`, `version`, `ephemeral_id`…) merged into, or standing in for, the Wazuh `agent`;
 * - `json`: the decoded alert under that key (`keys_under_root: false`).
 *
 * PURE: no I/O, no clock.
 */
import { forbiddenRootKeyViolation } from '@riposte/contracts';

/** Where the alert was found. `plain` = the input was the alert itself. */
export type AlertShape = 'plain' | 'filebeat-message' | 'filebeat-root' | 'filebeat-json';

/** The alert candidate found (not yet validated), or why none could be. */
export type Unwrapped =
  | { readonly ok: true; readonly candidate: unknown; readonly shape: AlertShape; /** the alert's own text, when it had one */ readonly text?: string }
  | { readonly ok: false; readonly reason: string };

type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first forbidden root key of `o`, as the reason a contract violation carries; undefined when there is none. */
export function forbiddenRootKey(o: Json): string | undefined {
  return forbiddenRootKeyViolation(o);
}

/** An own property of an object from the outside (never one of `Object.prototype`). */
const has = (o: Json, key: string) => Object.hasOwn(o, key);

/**
 * Top-level fields Filebeat (and its modules, processors and cloud metadata) adds to every event, each with a
 * test that it is Filebeat's shape, so that a Wazuh field of the same name would not be mistaken for one.
 */
const FILEBEAT_FIELDS: Readonly<Record<string, (v: unknown) => boolean>> = Object.assign(Object.create(null) as Record<string, (v: unknown) => boolean>, {
  '@timestamp': (v: unknown) => typeof v === 'string',
  '@metadata': (v: unknown) => isRecord(v) && has(v, 'beat'),
  ecs: (v: unknown) => isRecord(v) && has(v, 'version'),
  input: (v: unknown) => isRecord(v) && has(v, 'type') && typeof v.type === 'string',
  log: (v: unknown) => isRecord(v) && (has(v, 'file') || has(v, 'offset')),
  host: (v: unknown) => isRecord(v) && (has(v, 'hostname') || has(v, 'name') || has(v, 'os')),
  fields: isRecord,
  fileset: (v: unknown) => isRecord(v) && has(v, 'name'),
  service: (v: unknown) => isRecord(v) && has(v, 'type'),
  event: (v: unknown) => isRecord(v) && (has(v, 'module') || has(v, 'dataset')),
});

/** The Filebeat test of a root key, only for the keys above (a key such as `toString` is a field of the alert). */
const filebeatTest = (key: string) => (Object.hasOwn(FILEBEAT_FIELDS, key) ? FILEBEAT_FIELDS[key] : undefined);

/** The fields that identify a Filebeat event (the others are only removed once it is identified). */
const FILEBEAT_MARKERS = ['@metadata', 'ecs', 'input', 'log'] as const;

/** Fields only Filebeat's `agent` has; a Wazuh agent is `{ id, name, ip, labels }`. */
const FILEBEAT_AGENT_FIELDS = ['type', 'version', 'hostname', 'ephemeral_id'] as const;

/** True when `agent` is (or contains) Filebeat's own metadata rather than only the Wazuh agent. */
export function isFilebeatAgent(agent: unknown): boolean {
  return isRecord(agent) && ((has(agent, 'type') && agent.type === 'filebeat') || has(agent, 'ephemeral_id'));
}

/** True when the object carries Filebeat's event metadata (so it is a Filebeat event, not a bare alert). */
export function isFilebeatEvent(o: Json): boolean {
  if (isFilebeatAgent(o.agent)) return true;
  // Only fields no Wazuh alert has decide; `@timestamp` or `host` alone could come from elsewhere.
  return FILEBEAT_MARKERS.some((k) => has(o, k) && FILEBEAT_FIELDS[k](o[k]));
}

/** The alert at the root of a Filebeat event: Filebeat's fields removed, the Wazuh ones untouched. */
function stripFilebeatFields(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const test = filebeatTest(k);
    if (test && test(v)) continue;
    out[k] = v;
  }
  if (isFilebeatAgent(o.agent)) {
    const agent: Json = { ...(o.agent as Json) };
    for (const k of FILEBEAT_AGENT_FIELDS) delete agent[k];
    out.agent = agent;
  }
  return out;
}

/**
 * Locates the alert in `value` (already JSON-decoded). Never throws: a `message` that is not JSON is a result.
 * The candidate is not validated here.
 */
export function unwrapFilebeat(value: unknown): Unwrapped {
  if (!isRecord(value)) return { ok: true, candidate: value, shape: 'plain' };
  const forbidden = forbiddenRootKey(value);
  if (forbidden) return { ok: false, reason: forbidden };
  if (has(value, 'rule') && isRecord(value.rule)) {
    return isFilebeatEvent(value) ? { ok: true, candidate: stripFilebeatFields(value), shape: 'filebeat-root' } : { ok: true, candidate: value, shape: 'plain' };
  }
  if (has(value, 'message') && typeof value.message === 'string') {
    const text = value.message.trim();
    try {
      return { ok: true, candidate: JSON.parse(text), shape: 'filebeat-message', text };
    } catch (e) {
      return { ok: false, reason: `filebeat message: not JSON (${(e as Error).message})` };
    }
  }
  if (has(value, 'json') && isRecord(value.json)) return { ok: true, candidate: value.json, shape: 'filebeat-json' };
  return { ok: true, candidate: value, shape: 'plain' };
}
