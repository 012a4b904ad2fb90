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
const HEAD = 5;

function checkedInteger(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`canonical integer field: ${value} is not a non-negative safe integer`);
  return value;
}

function byteLength(field: CanonicalField): number {
  if (field === undefined) return 0;
  if (typeof field === 'string') return Buffer.byteLength(field, 'utf8');
  if (typeof field === 'number') return 8;
  return field.byteLength;
}

/** The canonical encoding of `fields` under `tag` (the tag itself is the first length-prefixed field). */
export function encodeCanonical(tag: string, fields: readonly CanonicalField[]): Buffer {
  const all = [tag, ...fields];
  const lengths = all.map(byteLength);
  // One buffer, sized first: every byte is written below (absent fields as five zero bytes).
  const out = Buffer.allocUnsafe(lengths.reduce((sum, n) => sum + HEAD + n, 0));
  let at = 0;
  all.forEach((field, i) => {
    out.writeUInt8(field === undefined ? ABSENT : PRESENT, at);
    out.writeUInt32BE(lengths[i], at + 1);
    at += HEAD;
    if (typeof field === 'string') out.write(field, at, 'utf8');
    else if (typeof field === 'number') out.writeBigUInt64BE(BigInt(checkedInteger(field)), at);
    else if (field !== undefined) out.set(field, at);
    at += lengths[i];
  });
  return out;
}
