/**
 * `json.dumps(value)` as Python writes it with its defaults, which is what the Wazuh API sends to agents
 * (spec §6.1): separators `", "` and `": "`, `ensure_ascii` (everything outside printable ASCII as lowercase
 * `\uXXXX`, astral characters as surrogate pairs), keys in insertion order, floats as Python's `repr`.
 *
 * Limits (JavaScript's JSON.parse already lost them before we see the value): `1.0` arrives as `1`, and integer-like
 * object keys come first.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonNumber(value);
    case 'string':
      return pythonString(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v) => pythonJsonDumps(v)).join(', ')}]`;
      return `{${Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== 'function')
        .map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`)
        .join(', ')}}`;
    default:
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`);
  }
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    // Python's ESCAPE_ASCII: anything outside ' '..'~'; JS strings are UTF-16 already, so astral = surrogate pairs.
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`Out of range float values are not JSON compliant: ${n}`);
  if (Number.isInteger(n)) return Object.is(n, -0) ? '0' : BigInt(n).toString();
  // Same shortest round-trip digits as Python's repr; only the notation rules differ.
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}
