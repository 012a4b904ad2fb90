/**
 * The scanner of `_OS_Regex` [W:src/os_regex/os_regex_execute.c] for one compiled alternative, followed step by step
 * (its four saved retry points included), on C-string bytes, and the class tables of `regexmap`.
 */

export const BACKSLASH = 92;
export const OPEN = 40; // '(' — ')' is stored as '(' too
const PLUS = 43;
const STAR = 42;

/** One `|`-separated alternative after `OSRegex_Compile`: escapes as BACKSLASH + code 1..15, lower-cased. */
export interface Alternative {
  readonly code: Uint8Array;
  readonly beginSet: boolean;
  readonly endSet: boolean;
  /**
   * For an alternative of plain characters only (no escape, no parenthesis): the same text, lower-cased. Wazuh's
   * scanner then amounts to a substring test (prefix with `^`, suffix with `$`, equality with both), which is how
   * it is run: no byte conversion per call.
   */
  readonly literal?: string;
}

/** `regexmap[code][byte] == 1`, one 256-entry table per escape code (index 0 unused). */
const CLASS_TABLES: readonly Uint8Array[] = buildClassTables();

/** `charmap`: ASCII upper case to lower case, every other byte unchanged. */
export function lower(b: number): number {
  return b >= 65 && b <= 90 ? b + 32 : b;
}

export function isPlus(c: number): boolean {
  return c === PLUS || c === STAR;
}

/**
 * `_OS_Regex` for one alternative: a scan with up to four saved retry points. Indexes past the end read as NUL,
 * as the C pointers do; the returned match position (`r_code`) only matters for being non-NULL.
 */
export function matchAlternative(alt: Alternative, str: Uint8Array): boolean {
  const pat = alt.code;
  const P = (i: number): number => (i >= 0 && i < pat.length ? pat[i] : 0);
  const S = (i: number): number => (i >= 0 && i < str.length ? str[i] : 0);
  const inClass = (code: number, b: number): boolean => CLASS_TABLES[code]?.[b] === 1;
  const atEnd = (st: number): boolean => !alt.endSet || S(st) === 0;

  let rCode: number | null = null;
  let regexMatched = false;
  let st = 0;
  let stError: number | null = null;
  let pt = 0;
  const ptError: (number | null)[] = [null, null, null, null];
  const ptErrorStr: number[] = [0, 0, 0, 0];

  do {
    const head = P(pt);
    if (head === 0) {
      if (atEnd(st)) return rCode !== null;
    } else if (head === OPEN) {
      pt++;
      if (P(pt) === 0 && atEnd(st)) return rCode !== null;
    }

    if (P(pt) === BACKSLASH) {
      if (inClass(P(pt + 1), S(st))) {
        let next = pt + 2;
        if (!isPlus(P(next))) {
          pt = next;
          if (stError === null) stError = st;
          rCode = st;
          continue;
        }
        if (P(next) === STAR) regexMatched = true;
        if (regexMatched) {
          next++;
          let okHere = -1;
          if (P(next) === OPEN) next++;
          if (P(next) === 0) okHere = 1;
          else if (P(next) === BACKSLASH) {
            if (inClass(P(next + 1), S(st))) okHere = isPlus(P(next + 2)) ? 0 : 2;
          } else if (P(next) === lower(S(st))) {
            regexMatched = false;
            okHere = 1;
          }
          if (okHere >= 0) {
            if (P(next) === 0) continue;
            next += okHere;
            const slot = ptError.indexOf(null);
            if (slot >= 0) {
              ptError[slot] = pt;
              ptErrorStr[slot] = st;
            }
            pt = next;
          }
        } else {
          regexMatched = true;
        }
        rCode = st;
        continue;
      } else if (P(pt + 3) === 0 && regexMatched && rCode !== null) {
        rCode = st;
        if (atEnd(st)) return true;
      } else if (P(pt + 2) === PLUS && regexMatched) {
        pt += 3;
        st--;
        regexMatched = false;
        continue;
      } else if (P(pt + 2) === STAR) {
        pt += 3;
        st--;
        rCode = st;
        regexMatched = false;
        continue;
      }
      regexMatched = false;
    } else if (P(pt) === lower(S(st))) {
      pt++;
      if (stError === null) stError = st;
      rCode = st;
      continue;
    }

    // Error handling: resume from the last saved retry point, else restart the pattern one byte later.
    let resumed = false;
    for (let slot = 3; slot >= 0; slot--) {
      const saved = ptError[slot];
      if (saved !== null) {
        pt = saved;
        st = ptErrorStr[slot];
        ptError[slot] = null;
        resumed = true;
        break;
      }
    }
    if (resumed) continue;
    if (alt.beginSet) return false;
    if (stError !== null) {
      st = stError;
      stError = null;
    }
    pt = 0;
    rCode = null;
  } while (S(++st) !== 0);

  return endOfPatternAfterScan(pt, P, regexMatched) && rCode !== null;
}

/**
 * The C clean-up test once the subject is exhausted, with its pointer side effects: the pattern counts as
 * consumed if only a `(`, a trailing `\x+`/`\x*` that already matched, or trailing `\x*` remain.
 */
function endOfPatternAfterScan(start: number, P: (i: number) => number, regexMatched: boolean): boolean {
  let p = start;
  const endOfFile = (): boolean => {
    if (P(p) === OPEN) p++;
    return P(p) === 0;
  };
  if (endOfFile()) return true;
  if (P(p) === BACKSLASH && regexMatched) {
    p += 2;
    if (isPlus(P(p))) {
      p++;
      if (endOfFile()) return true;
      if (P(p) === BACKSLASH) {
        p += 2;
        if (P(p) === STAR) {
          p++;
          if (endOfFile()) return true;
        }
      }
    }
  }
  if (P(p) === BACKSLASH) {
    p += 2;
    if (P(p) === STAR) {
      p++;
      if (endOfFile()) return true;
    }
  }
  return false;
}

function buildClassTables(): Uint8Array[] {
  const table = (pred: (b: number) => boolean): Uint8Array => {
    const t = new Uint8Array(256);
    for (let b = 0; b < 256; b++) t[b] = pred(b) ? 1 : 0;
    return t;
  };
  const isD = (b: number) => b >= 48 && b <= 57;
  const isW = (b: number) => isD(b) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 45 || b === 64 || b === 95;
  const punctuation = new Set([...'!"#$%&\'()*+,-.:;<=>?[]{|}'].map((c) => c.charCodeAt(0)));
  return [
    new Uint8Array(256),
    table(isD), // 1 \d
    table(isW), // 2 \w
    table((b) => b === 32), // 3 \s
    table((b) => punctuation.has(b)), // 4 \p
    table((b) => b === 40), // 5 \(
    table((b) => b === 41), // 6 \)
    table((b) => b === 92), // 7 \\
    table((b) => !isD(b)), // 8 \D
    table((b) => !isW(b)), // 9 \W
    table((b) => b !== 32), // 10 \S
    table(() => true), // 11 \.
    table((b) => b === 9), // 12 \t
    table((b) => b === 36), // 13 \$
    table((b) => b === 124), // 14 \|
    table((b) => b === 60), // 15 \<
  ];
}
