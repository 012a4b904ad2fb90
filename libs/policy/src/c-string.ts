/**
 * The C string conversions Wazuh applies to configuration values, reproduced so that odd input converts the same
 * way it does in Wazuh (`atoi` on glibc x86_64, `OS_StrIsNum`, `snprintf("%.3d")`, `OS_StrBreak`).
 */

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/**
 * glibc `atoi`: `(int) strtol(s, NULL, 10)`. Skips leading whitespace, takes one optional sign and the digits that
 * follow; anything else ends the number. Out-of-range values saturate at LONG_MIN/LONG_MAX (64-bit) and are then
 * truncated to 32 bits, as the cast to `int` does.
 */
export function atoi(s: string): number {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i === start) return 0;
  let value = BigInt(s.slice(start, i));
  if (negative) value = -value;
  if (value > LONG_MAX) value = LONG_MAX;
  if (value < LONG_MIN) value = LONG_MIN;
  return Number(BigInt.asIntN(32, value));
}

/** `OS_StrIsNum`: true when every character is a digit. The empty string counts as numeric, as in Wazuh. */
export function strIsNum(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** `snprintf("%.3d", n)`: at least three digits, the sign in front (`1` → `001`, `-5` → `-005`). */
export function formatAgentId(n: number): string {
  const digits = String(Math.abs(n)).padStart(3, '0');
  return n < 0 ? `-${digits}` : digits;
}

/**
 * `OS_StrBreak(match, str, size)`: splits on `match` into at most `size` pieces; the last piece keeps the rest of
 * the string. Size 0 gives no pieces.
 */
export function strBreak(match: string, str: string, size: number): string[] {
  if (size <= 0) return [];
  const pieces: string[] = [];
  let rest = str;
  while (pieces.length < size - 1) {
    const at = rest.indexOf(match);
    if (at < 0) break;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at + match.length);
  }
  pieces.push(rest);
  return pieces;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** C `isspace` in the C locale: space, \t, \n, \v, \f, \r. */
function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
