/**
 * Numeric IP parsing without `node:net` (policy stays pure): IPv4 as `inet_pton(AF_INET)` accepts it (four
 * decimal octets 0–255, no leading zeros) and IPv6 as `inet_pton(AF_INET6)` does (hex groups, one `::`, an
 * optional dotted IPv4 tail, no zone id).
 */

/** The IPv4 address as an unsigned 32-bit number, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const octet = Number(p);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** The IPv6 address as 16 bytes, or undefined. */
export function parseIpv6(s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : [];
  const groups = halves.length === 2 ? [...head, ...tail] : head;
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g.includes('.')) {
      // A dotted IPv4 tail ends the address: after `::` it must be in the part that follows it.
      if (i !== groups.length - 1 || (halves.length === 2 && tail.length === 0)) return undefined;
      const v4 = parseIpv4(g);
      if (v4 === undefined) return undefined;
      words.push(Math.floor(v4 / 65536), v4 % 65536);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      words.push(parseInt(g, 16));
    }
  }
  const headWords = halves.length === 2 ? wordsIn(head) : words.length;
  if (halves.length === 2) {
    if (words.length > 7) return undefined;
    words.splice(headWords, 0, ...new Array<number>(8 - words.length).fill(0));
  } else if (words.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** Number of 16-bit words a list of textual groups stands for (a dotted IPv4 group counts two). */
function wordsIn(groups: readonly string[]): number {
  return groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
}

/** A prefix mask of `prefix` bits over 16 bytes. */
export function ipv6Mask(prefix: number): Uint8Array {
  const mask = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    mask[i] = bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff;
  }
  return mask;
}

/** An IPv4 prefix mask of `prefix` bits as an unsigned 32-bit number. */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
