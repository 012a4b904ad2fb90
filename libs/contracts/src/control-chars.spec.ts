import { escapeControlChars, firstControlChar, hasControlChar } from './control-chars';

describe('control characters', () => {
  it.each([
    ['plain text', 'Starting', 'Starting'],
    ['JSON with escapes and a Windows path', '{"p":"C:\\\\x\\n"} é ü', '{"p":"C:\\\\x\\n"} é ü'],
    ['LF, CR, tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['ESC, NUL, BEL', '\x1b[2J\x00\x07', '\\x1b[2J\\x00\\x07'],
    ['DEL and C1 (NEL, CSI)', '\x7f\u0085\u009b', '\\x7f\\x85\\x9b'],
  ])('escapes %s visibly', (_what, text, shown) => {
    expect(escapeControlChars(text)).toBe(shown);
    expect(hasControlChar(text)).toBe(text !== shown);
  });
  it('names the first one for a reason', () => {
    expect(firstControlChar('/var/log\x1b\n')).toBe('\\x1b');
    expect(firstControlChar('/var/log/secure')).toBeUndefined();
  });
});
