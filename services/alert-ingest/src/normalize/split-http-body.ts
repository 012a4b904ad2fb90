/**
 * Splits a `POST /alerts` body into items: one JSON object, a JSON array of them, or NDJSON (one per line).
 * PURE. Every item keeps its index (0-based, in body order) so the answer can say which ones were rejected.
 */

/** One item of a body, for `normalizeRawAlert`: a decoded object, or text still to parse. */
export interface BodyItem {
  readonly index: number;
  readonly input: object | string;
}

/**
 * The body as items. A body that is one JSON value is an object (one item) or an array (one item per element);
 * otherwise each non-blank line is an item (NDJSON). Items are not validated here: a line that is not JSON, or an
 * element that is not an object, becomes an item that normalization rejects with its reason.
 */
export function splitHttpBody(body: string): BodyItem[] {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return [];
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return splitLines(text);
  }
  const values: unknown[] = Array.isArray(whole) ? whole : [whole];
  // A non-object element stays text (its JSON), so `["{…}"]` is rejected as a string, not parsed a second time.
  return values.map((value, index) => ({ index, input: typeof value === 'object' && value !== null ? value : JSON.stringify(value) }));
}

function splitLines(text: string): BodyItem[] {
  const items: BodyItem[] = [];
  for (const line of text.split('\n')) {
    const input = line.replace(/\r$/, '');
    if (input.trim() === '') continue;
    items.push({ index: items.length, input });
  }
  return items;
}
