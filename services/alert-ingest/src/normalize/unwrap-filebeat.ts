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

/**
 * Top-level fields Filebeat (and its modules, processors and cloud metadata) adds to every event, each with a
 * test that it is Filebeat's shape, so that a Wazuh field of the same name would not be mistaken for one.
 */
const FILEBEAT_FIELDS: Readonly<Record<string, (v: unknown) => boolean>> = {
  '@timestamp': (v) => typeof v === 'string',
  '@metadata': (v) => isRecord(v) && 'beat' in v,
  ecs: (v) => isRecord(v) && 'version' in v,
  input: (v) => isRecord(v) && typeof v.type === 'string',
  log: (v) => isRecord(v) && ('file' in v || 'offset' in v),
  host: (v) => isRecord(v) && ('hostname' in v || 'name' in v || 'os' in v),
  fields: isRecord,
  fileset: (v) => isRecord(v) && 'name' in v,
  service: (v) => isRecord(v) && 'type' in v,
  event: (v) => isRecord(v) && ('module' in v || 'dataset' in v),
};

/** The fields that identify a Filebeat event (the others are only removed once it is identified). */
const FILEBEAT_MARKERS = ['@metadata', 'ecs', 'input', 'log'] as const;

/** Fields only Filebeat's `agent` has; a Wazuh agent is `{ id, name, ip, labels }`. */
const FILEBEAT_AGENT_FIELDS = ['type', 'version', 'hostname', 'ephemeral_id'] as const;

/** True when `agent` is (or contains) Filebeat's own metadata rather than only the Wazuh agent. */
export function isFilebeatAgent(agent: unknown): boolean {
  return isRecord(agent) && (agent.type === 'filebeat' || 'ephemeral_id' in agent);
}

/** True when the object carries Filebeat's event metadata (so it is a Filebeat event, not a bare alert). */
export function isFilebeatEvent(o: Json): boolean {
  if (isFilebeatAgent(o.agent)) return true;
  // Only fields no Wazuh alert has decide; `@timestamp` or `host` alone could come from elsewhere.
  return FILEBEAT_MARKERS.some((k) => k in o && FILEBEAT_FIELDS[k](o[k]));
}

/** The alert at the root of a Filebeat event: Filebeat's fields removed, the Wazuh ones untouched. */
function stripFilebeatFields(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const test = FILEBEAT_FIELDS[k];
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
  if (isRecord(value.rule)) {
    return isFilebeatEvent(value) ? { ok: true, candidate: stripFilebeatFields(value), shape: 'filebeat-root' } : { ok: true, candidate: value, shape: 'plain' };
  }
  if (typeof value.message === 'string') {
    const text = value.message.trim();
    try {
      return { ok: true, candidate: JSON.parse(text), shape: 'filebeat-message', text };
    } catch (e) {
      return { ok: false, reason: `filebeat message: not JSON (${(e as Error).message})` };
    }
  }
  if (isRecord(value.json)) return { ok: true, candidate: value.json, shape: 'filebeat-json' };
  return { ok: true, candidate: value, shape: 'plain' };
}
