/**
 * `OSMatch` ("sregex", [W:src/os_regex/os_match_compile.c, os_match_execute.c]): what Wazuh uses for
 * `<white_list>` values that are not IPv4 addresses. Case-insensitive (ASCII) string tests, one per `|`-separated
 * alternative: `^x$` equal, `^x` prefix, `x$` suffix, `x` substring, and an empty alternative matches everything.
 * A leading `!` negates the whole pattern. No escapes: every other character is literal.
 */
import { OS_PATTERN_MAXSIZE } from './ossec-regex';

type Test = (subject: string) => boolean;

export class OsMatch {
  private constructor(
    /** The pattern as written. */
    readonly source: string,
    private readonly negate: boolean,
    private readonly tests: readonly Test[],
  ) {}

  /** `OSMatch_Compile` with no flags; fails only for patterns longer than `OS_PATTERN_MAXSIZE`. */
  static compile(pattern: string): { ok: true; match: OsMatch } | { ok: false; error: 'too-long' } {
    const text = cString(pattern);
    if (new TextEncoder().encode(text).length > OS_PATTERN_MAXSIZE) return { ok: false, error: 'too-long' };
    const negate = text.startsWith('!');
    const body = asciiLower(negate ? text.slice(1) : text);
    return { ok: true, match: new OsMatch(pattern, negate, body.split('|').map(compileAlternative)) };
  }

  /** `OSMatch_Execute`: true when an alternative matches (inverted by a leading `!`). */
  test(subject: string): boolean {
    const s = asciiLower(cString(subject));
    const hit = this.tests.some((t) => t(s));
    return this.negate ? !hit : hit;
  }
}

function compileAlternative(alt: string): Test {
  if (alt.startsWith('^') && alt.endsWith('$') && alt.length >= 2) {
    const exact = alt.slice(1, -1);
    return (s) => s === exact;
  }
  if (alt.length === 0) return () => true;
  if (alt.endsWith('$')) {
    const suffix = alt.slice(0, -1);
    return (s) => s.endsWith(suffix);
  }
  if (alt.startsWith('^')) {
    const prefix = alt.slice(1);
    return (s) => s.startsWith(prefix);
  }
  return (s) => s.includes(alt);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}
