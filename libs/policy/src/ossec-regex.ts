/**
 * OSSEC regex (`OS_Regex`, [W:src/os_regex/os_regex_compile.c, os_regex_execute.c]) as Wazuh 4.x runs it for
 * `rules_group` and `location`: case-insensitive, unanchored, `|` separates alternatives, `^`/`$` anchor one
 * alternative, `\w \d \s \t \p \W \D \S \.` classes with `+`/`*`, escapes `\$ \( \) \\ \| \<`, and `(`/`)` only
 * group (one level, no `|` inside). It is NOT a backtracking regex: the matcher below follows Wazuh's scanner
 * step by step (its limited four-slot retry included), on the UTF-8 bytes, so that every pattern matches exactly
 * the strings it matches in Wazuh, quirks and all.
 */

import { type Alternative, BACKSLASH, isPlus, lower, matchAlternative, OPEN } from './ossec-regex-scan';

const CLOSE = 41;
const OR = 124;
const CARET = 94;
const DOLLAR = 36;

/** `OS_PATTERN_MAXSIZE`: longer patterns do not compile. */
export const OS_PATTERN_MAXSIZE = 2048;

/** Why a pattern does not compile (`reg->error`). */
export type OsRegexError = 'too-long' | 'bad-escape' | 'bad-parenthesis';

const ESCAPE_CODES: Record<string, number> = {
  d: 1, w: 2, s: 3, p: 4, '(': 5, ')': 6, '\\': 7, D: 8, W: 9, S: 10, '.': 11, t: 12, $: 13, '|': 14, '<': 15,
};

/** A subject prepared once for many patterns: lower-cased text, and its C-string bytes on demand. */
export class PreparedSubject {
  private encoded?: Uint8Array;
  readonly lower: string;

  constructor(readonly text: string) {
    this.lower = asciiLower(cut(text));
  }

  bytes(): Uint8Array {
    this.encoded ??= toCString(this.text);
    return this.encoded;
  }
}

/** A compiled OSSEC regex. */
export class OsRegex {
  private constructor(
    /** The pattern as written. */
    readonly source: string,
    private readonly alternatives: readonly Alternative[],
  ) {}

  /** Compiles `pattern` (`OSRegex_Compile` with no flags: case-insensitive, no substrings). */
  static compile(pattern: string): { ok: true; regex: OsRegex } | { ok: false; error: OsRegexError } {
    const bytes = toCString(pattern);
    if (bytes.length > OS_PATTERN_MAXSIZE) return { ok: false, error: 'too-long' };
    const work: number[] = [];
    let depth = 0;
    for (let i = 0; i < bytes.length; i++) {
      let c = bytes[i];
      if (c === BACKSLASH) {
        const code = ESCAPE_CODES[String.fromCharCode(bytes[i + 1] ?? 0)];
        if (code === undefined) return { ok: false, error: 'bad-escape' };
        work.push(BACKSLASH, code);
        i++;
        continue;
      }
      if (c === OPEN) depth++;
      else if (c === CLOSE) {
        c = OPEN;
        depth--;
      }
      if (depth !== 0 && depth !== 1) return { ok: false, error: 'bad-parenthesis' };
      c = lower(c);
      if (c === OR && depth !== 0) return { ok: false, error: 'bad-parenthesis' };
      work.push(c);
    }
    if (depth !== 0) return { ok: false, error: 'bad-parenthesis' };
    const alternatives: Alternative[] = [];
    let start = 0;
    // Escapes are stored as BACKSLASH + a code byte 1..15, so a raw `|`, `^` or `$` byte is never escaped.
    for (let i = 0; i <= work.length; i++) {
      if (i < work.length && work[i] !== OR) continue;
      let from = start;
      let to = i;
      const beginSet = from < to && work[from] === CARET;
      if (beginSet) from++;
      const endSet = to > from && work[to - 1] === DOLLAR;
      if (endSet) to--;
      const code = Uint8Array.from(work.slice(from, to));
      const plain = code.length > 0 && !code.some((b) => b === BACKSLASH || b === OPEN);
      alternatives.push({ code, beginSet, endSet, literal: plain ? new TextDecoder().decode(code) : undefined });
      start = i + 1;
    }
    return { ok: true, regex: new OsRegex(pattern, alternatives) };
  }

  /** Compiles or throws; for patterns known to be valid (Wazuh's own literals). */
  static of(pattern: string): OsRegex {
    const r = OsRegex.compile(pattern);
    if (!r.ok) throw new Error(`invalid OSSEC regex '${pattern}': ${r.error}`);
    return r.regex;
  }

  /**
   * For indexing: for each alternative that can match at all, its longest run of plain characters (lower-cased).
   * A match of that alternative always contains the run, case-insensitively: plain characters are matched one
   * subject byte after the other, and any failure inside a run restarts before it. Undefined when some alternative
   * has no plain character (such a pattern cannot be indexed by literal).
   */
  requiredLiterals(): string[] | undefined {
    const literals: string[] = [];
    for (const alt of this.alternatives) {
      if (alt.code.length === 0) continue; // r_code stays NULL: this alternative never matches
      let best: number[] = [];
      let run: number[] = [];
      for (let i = 0; i <= alt.code.length; i++) {
        const c = i < alt.code.length ? alt.code[i] : -1;
        if (c === BACKSLASH || c === OPEN || c === -1) {
          if (run.length > best.length) best = run;
          run = [];
          if (c === BACKSLASH) {
            i++; // the class code
            if (isPlus(alt.code[i + 1])) i++; // its modifier, not a literal
          }
        } else {
          run.push(c);
        }
      }
      if (best.length === 0) return undefined;
      literals.push(new TextDecoder().decode(Uint8Array.from(best)));
    }
    return literals;
  }

  /** `OSRegex_Execute` ≠ NULL: whether any alternative matches somewhere in `subject`. */
  test(subject: string | PreparedSubject): boolean {
    const prepared = typeof subject === 'string' ? new PreparedSubject(subject) : subject;
    for (const a of this.alternatives) {
      if (a.literal !== undefined ? matchLiteral(a, a.literal, prepared.lower) : matchAlternative(a, prepared.bytes())) return true;
    }
    return false;
  }

  /** The byte scanner for every alternative, literal ones included: the reference the fast path is tested against. */
  testByScan(subject: string): boolean {
    const str = toCString(subject);
    return this.alternatives.some((a) => matchAlternative(a, str));
  }
}

function matchLiteral(alt: Alternative, literal: string, subject: string): boolean {
  if (alt.beginSet && alt.endSet) return subject === literal;
  if (alt.beginSet) return subject.startsWith(literal);
  if (alt.endSet) return subject.endsWith(literal);
  return subject.includes(literal);
}

function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : s;
}

function cut(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** One-shot `OS_Regex(pattern, subject)`: a pattern that does not compile matches nothing. */
export function osRegex(pattern: string, subject: string): boolean {
  const r = OsRegex.compile(pattern);
  return r.ok && r.regex.test(subject);
}

/** The UTF-8 bytes of `s` up to the first NUL, as a C string. */
function toCString(s: string): Uint8Array {
  return new TextEncoder().encode(cut(s));
}
