/** Spec helpers for signature tests: every way to change a header or a body by the least amount. */

/** `text` with the character at `at` changed: a digit to the next digit (so numbers stay numbers), else one bit flipped. */
export function oneCharChanged(text: string, at: number): string {
  const c = text[at];
  const next = /\d/.test(c) ? String((Number(c) + 1) % 10) : String.fromCharCode(c.charCodeAt(0) ^ 1);
  return text.slice(0, at) + next + text.slice(at + 1);
}

/** Every copy of `bytes` with one byte XORed with `mask`, in byte order. */
export function everyByteFlipped(bytes: Buffer, mask: number): Buffer[] {
  return Array.from(bytes, (_, at) => {
    const tampered = Buffer.from(bytes);
    tampered[at] ^= mask;
    return tampered;
  });
}
