/**
 * Shape limits of an alert, shared by every edge that decodes one (alert-ingest's three inputs, the matcher on the
 * alerts topic). PURE. A few KiB of JSON can nest thousands of levels or hold tens of thousands of keys: `JSON.parse`
 * takes it, but every recursive walk down the pipeline (`JSON.stringify` at publish time, zod, structured clone)
 * then overflows the stack or burns the CPU of the partition that carries it.
 */

/** Deepest nesting accepted (the alert object is level 1). Real Wazuh alerts nest a handful of levels. */
export const MAX_ALERT_DEPTH = 100;

/** Most object keys plus array elements in one alert, at every level together. Real alerts hold a few hundred. */
export const MAX_ALERT_KEYS = 5000;

export interface JsonLimits {
  /** @defaultValue MAX_ALERT_DEPTH */
  readonly maxDepth?: number;
  /** @defaultValue MAX_ALERT_KEYS */
  readonly maxKeys?: number;
}

/**
 * Why `value` breaks a limit (the reason names it, e.g. `nested deeper than MAX_ALERT_DEPTH (100) levels`), or
 * undefined. Iterative, so any depth is measured without recursion; stops at the first limit passed.
 */
export function jsonLimitViolation(value: unknown, limits: JsonLimits = {}): string | undefined {
  const maxDepth = limits.maxDepth ?? MAX_ALERT_DEPTH;
  const maxKeys = limits.maxKeys ?? MAX_ALERT_KEYS;
  const stack: [unknown, number][] = [[value, 1]];
  let keys = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return `nested deeper than MAX_ALERT_DEPTH (${maxDepth}) levels`;
    const children = Object.values(v);
    keys += children.length;
    if (keys > maxKeys) return `more than MAX_ALERT_KEYS (${maxKeys}) keys and array elements`;
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return undefined;
}
