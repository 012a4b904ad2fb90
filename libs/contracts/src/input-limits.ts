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

/**
 * Root keys no Wazuh alert has that would reach an object's prototype when a consumer copies the alert by
 * assignment (`out[k] = v`, zod's passthrough). `JSON.parse` makes them own properties; every edge refuses them.
 */
export const FORBIDDEN_ROOT_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** `forbidden key '__proto__' at the root` when `value` is an object with such an own key; else undefined. */
export function forbiddenRootKeyViolation(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const key = FORBIDDEN_ROOT_KEYS.find((k) => Object.hasOwn(value, k));
  return key === undefined ? undefined : `forbidden key '${key}' at the root`;
}
