/**
 * The byte string a signature covers: a domain-separation tag, then every field in a fixed order, each as
 * `presence (1 byte: 0 absent, 1 present) | length (u32 big-endian) | bytes`. Lengths make the boundaries between
 * fields explicit (no `"ab"+"c"` = `"a"+"bc"`), the presence byte tells an absent field from an empty one, and the
 * tag keeps a command signature from ever verifying as an agent signature (or a later version of either).
 */

/** One field: text (UTF-8), exact bytes, a non-negative safe integer (8 bytes big-endian), or absent. */
export type CanonicalField = string | Uint8Array | number | undefined;

const ABSENT = 0;
const PRESENT = 1;

function fieldBytes(value: Exclude<CanonicalField, undefined>): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`canonical integer field: ${value} is not a non-negative safe integer`);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(value));
    return b;
  }
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** The canonical encoding of `fields` under `tag` (the tag itself is the first length-prefixed field). */
export function encodeCanonical(tag: string, fields: readonly CanonicalField[]): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (const field of [tag, ...fields]) {
    const head = Buffer.alloc(5);
    if (field === undefined) {
      head.writeUInt8(ABSENT, 0);
      parts.push(head);
      total += 5;
      continue;
    }
    const body = fieldBytes(field);
    head.writeUInt8(PRESENT, 0);
    head.writeUInt32BE(body.length, 1);
    parts.push(head, body);
    total += 5 + body.length;
  }
  return Buffer.concat(parts, total);
}
