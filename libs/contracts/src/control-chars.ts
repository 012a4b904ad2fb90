/**
 * Control characters in text that came from the outside (alert fields, script arguments, audit values): C0
 * (U+0000–U+001F, CR, LF, tab and ESC among them), DEL and C1 (U+0080–U+009F, CSI U+009B among them). Written raw, they
 * split one log line into two or drive the operator's terminal.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One control character as a visible escape: `\n`, `\r`, `\t`, else `\xNN` (`\x1b` for ESC, `\x9b` for CSI). */
export function escapeControlChar(c: string): string {
  return NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** True when `text` holds a C0 or C1 control character or DEL. */
export function hasControlChar(text: string): boolean {
  return CONTROL.test(text);
}

/** The first control character of `text` as its visible escape (for a reason line), or undefined. */
export function firstControlChar(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? escapeControlChar(m[0]) : undefined;
}

/**
 * `text` with every control character replaced by its visible escape; text without one is returned as is (a
 * backslash is not escaped, so normal lines keep their exact bytes).
 */
export function escapeControlChars(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_ALL, escapeControlChar) : text;
}
