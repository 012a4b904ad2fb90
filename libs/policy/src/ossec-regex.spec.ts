import fc from 'fast-check';
import { OsRegex, osRegex, PreparedSubject } from './ossec-regex';

// Vectors from Wazuh's own unit tests: src/unit_tests/os_regex/test_os_regex.c (test_success_regex,
// test_fail_regex) and the non-ignored cases of test_os_regex_execute.json (wazuh/wazuh v4.x). Strings are
// written as JavaScript literals, so `\\s` is the two characters backslash and s.
const MATCHES: ReadonlyArray<[string, string]> = [
  ['abc', 'abcd'],
  ['abcd', 'abcd'],
  ['a', 'a'],
  ['a', 'aa'],
  ['^a', 'ab'],
  ['test', 'testa'],
  ['test', 'testest'],
  ['lalaila', 'lalalalaila'],
  ['abc|cde', 'cde'],
  ['^aa|ee|ii|oo|uu', 'dfgdsii'],
  ['Abc', 'abc'],
  ['ZBE', 'zbe'],
  ['ABC', 'ABc'],
  ['^A', 'a'],
  ['a|E', 'abcdef'],
  ['daniel', 'daniel'],
  ['DANIeL', 'daNIel'],
  ['^abc ', 'abc '],
  ['ddd|eee|fff|ggg|ggg|hhh|iii', 'iii'],
  ['kwo|fe|fw|wfW|edW|dwDF|WdW|dw|d|^la', 'la'],
  ['^a', 'a'],
  ['^ab$', 'ab'],
  ['c$', 'c'],
  ['c$', 'lalalalac'],
  ['^bin$|^shell$', 'bin'],
  ['^bin$|^shell$', 'shell'],
  ['^bin$|^shell$|^ftp$', 'shell'],
  ['^bin$|^shell$|^ftp$', 'ftp'],
  ['\\s+123', '  123'],
  ['\\s*123', '123'],
  ['\\s123', ' 123'],
  ['\\w+\\s+\\w+', 'a 1'],
  ['\\w+\\d+\\w+\\s+', 'ab12fb12fd12 '],
  ['^\\s*\\w\\s*\\w+', 'a   l a  a'],
  ['\\w+\\s+\\w+\\d+\\s$', 'a aa11 '],
  ['^su\\S*: BAD su', 'su: BAD SU dcid to root on /dev/ttyp0'],
  ['^su\\s*: BAD su', 'su: BAD SU dcid to root on /dev/ttyp0'],
  ['^abc\\sabc', 'abc abcd'],
  ['^abc\\s\\s*abc', 'abc abcd'],
  ['^\\s+\\sl', '     lala'],
  ['^\\s*\\sl', '     lala'],
  ['^\\s\\s+l', '     lala'],
  ['^\\s+\\s l', '     lala'],
  ['^\\s*\\s lal\\w$', '  lala'],
  ['test123test\\d+$', 'test123test123'],
  [
    '^kernel: \\S+ \\.+ SRC=\\S+ DST=\\S+ \\.+ PROTO=\\w+ SPT=\\d+ DPT=\\d+ ',
    'kernel: IPTABLE IN=eth0 OUT= MAC=ff:ff:ff:ff:ff:ff:00:03:93:db:2e:b4:08:00 SRC=10.4.11.40 DST=255.255.255.255 LEN=180 TOS=0x00 PREC=0x00 TTL=64 ID=4753 PROTO=UDP SPT=49320 DPT=2222 LEN=160',
  ],
  ['test (\\w+)la', 'test abclala'],
  ['(\\w+) (\\w+)', 'wofl wofl'],
  [
    '^\\S+ [(\\d+:\\d+:\\d+)] \\.+ (\\d+.\\d+.\\d+.\\d+)\\p*\\d* -> (\\d+.\\d+.\\d+.\\d+)\\p*',
    'snort: [1:469:3] ICMP PING NMAP [Classification: Attempted Information Leak] [Priority: 2]: {ICMP} 10.4.12.26 -> 10.4.10.231',
  ],
  [
    '^\\S+ [(\\d+:\\d+:\\d+)] \\.+ (\\d+.\\d+.\\d+.\\d+)\\p*\\d* -> (\\d+.\\d+.\\d+.\\d+)\\p*',
    'snort: [1:1420:11] SNMP trap tcp [Classification: Attempted Information Leak] [Priority: 2]: {TCP} 10.4.12.26:37020 -> 10.4.10.231:162',
  ],
  ['^\\t 1234', '\t 1234'],
  ['^abc\\$d', 'abc$d'],
  ['^abc\\|d', 'abc|d'],
  ['^abc\\<d', 'abc<d'],
  ['^\\\\ \\w$', '\\ a'],
  ['^\\D+123', 'test123'],
  ['^\\W+abc', ' \t abc'],
  // test_os_regex_execute.json
  ['\\w*\\s+', 'w '],
  ['(\\w*)\\s+', 'wazuh '],
  ['(\\w*)\\d*(\\s+)', 'wazuh123 '],
  ['(\\w*)\\d+(\\s+)', 'wazuh123 '],
  ['\\w*\\s+1', 'wazuh 1'],
  [' (\\w*)\\s+1', ' wazuh 1'],
  ['^\\w*\\s+$', 'w '],
  ['^(\\w*\\s+)$', 'w '],
  ['\\w*\\s*', 'w'],
  ['(\\w*\\s*)', 'wazuh'],
  ['\\w*\\s*1', 'wazuh 1'],
  ['(\\w*\\s*)1', 'w 1'],
  ['\\w+\\s+', 'wazuh '],
  ['(\\w+)\\d*(\\s+)', 'wazuh '],
  ['(\\w+)\\d+(\\s+)', 'wazuh123 '],
  ['(\\w+\\s+)1', 'w 1'],
  ['^(\\w+)\\s+$', 'w '],
  ['\\w+\\s*', 'w'],
  ['(\\w+)\\s*1', 'w 1'],
  ['\\w*_1 \\w*_2 \\w*_3 \\w*_4 \\w*_5 \\w*_6', 'wa_11 wa_1 wa_2 wa_3 wa_4 wa_5 wa_6'],
  ['\\w*_1 \\w*_2 \\w*_3 \\w*_4 \\w*_5 \\w*_6', 'wa_1 wa_22 wa_1 wa_2 wa_3 wa_4 wa_5 wa_6'],
  ['\\w*_1 \\w*_2 \\w*_3 \\w*_4 \\w*_5 \\w*_6', 'wa_1 wa_2 wa_3 wa_4 wa_5 wa_1 wa_2 wa_3 wa_4 wa_5 wa_6'],
];

const MISMATCHES: ReadonlyArray<[string, string]> = [
  ['abc', 'abb'],
  ['^ab', ' ab'],
  ['test', 'tes'],
  ['abcd', 'abc'],
  ['abbb', 'abb'],
  ['abbbbbbbb', 'abbbbbbb'],
  ['a|b|c| ', 'def'],
  ['lala$', 'lalalalalal'],
  ['^ab$', 'abc'],
  ['zzzz$', 'zzzzzzzzzzzz '],
  ['^bin$|^shell$', 'bina'],
  ['^bin$|^shell$', 'shella'],
  ['^bin$|^shell$', 'ashell'],
  ['\\w+\\s+\\w+\\d+\\s$', 'a aa11  '],
  ['^\\s+\\s     l', '     lala'],
  ['test123test\\d+', 'test123test'],
  ['test123test\\d+$', 'test123test'],
  ['(lalala', 'lalala'],
  ['test123(\\d)', 'test123a'],
  ['\\(test)', 'test'],
  ['(\\w+)(\\d+)', '1 1'],
  ['^abc\\*d', 'abc*d'],
  ['^\\D+123', 'te5st123'],
  ['^\\W+abc', ' \t 1 abc'],
  ['(\\w|(\\w)', ''],
  ['a'.repeat(2049), ''],
  // test_os_regex_execute.json
  ['^\\w*\\s+$', 'wazuh -'],
  ['^(\\w*\\s+)$', 'wazuh -'],
  ['^\\w*\\s*$', 'wazuh -'],
  ['^\\w+\\s+$', 'wazuh -'],
];

describe('§2.3 OS_Regex (rules_group) and §1.2 location matching', () => {
  it.each(MATCHES)('%j matches %j', (pattern, subject) => {
    expect(osRegex(pattern, subject)).toBe(true);
    expect(OsRegex.of(pattern).testByScan(subject)).toBe(true);
  });

  it.each(MISMATCHES)('%j does not match %j', (pattern, subject) => {
    expect(osRegex(pattern, subject)).toBe(false);
    const compiled = OsRegex.compile(pattern);
    if (compiled.ok) expect(compiled.regex.testByScan(subject)).toBe(false);
  });

  describe('when the pattern is a rules_group against a group string', () => {
    const groups = 'syslog,sshd,authentication_failed,pci_dss_10.2.4,';
    it.each<[string, boolean]>([
      ['sshd,', true],
      ['SSHD', true],
      ['authentication_failed|authentication_failures', true],
      ['hd,auth', true],
      ['^syslog,', true],
      ['^sshd,', false],
      ['pci_dss_10.2.4,$', true],
      ['pci_dss_10\\.2\\.4', true],
      ['pci_dss_10\\d', false],
      ['web', false],
      ['syslog,\\w+,', true],
    ])('%j → %s', (pattern, expected) => {
      expect(OsRegex.of(pattern).test(groups)).toBe(expected);
    });

    it('matches by substring, so "web" also matches "webshell" (why the docs ask for a trailing comma)', () => {
      expect(osRegex('web', 'webshell,attack,')).toBe(true);
      expect(osRegex('web,', 'webshell,attack,')).toBe(false);
    });
  });

  describe('when the pattern is invalid, it does not compile and OS_Regex matches nothing', () => {
    it.each<[string, string]>([
      ['a\\q', 'bad-escape'],
      ['trailing\\', 'bad-escape'],
      ['(a|b)', 'bad-parenthesis'],
      ['((a))', 'bad-parenthesis'],
      ['a)', 'bad-parenthesis'],
      ['(a', 'bad-parenthesis'],
    ])('%j → %s', (pattern, error) => {
      expect(OsRegex.compile(pattern)).toEqual({ ok: false, error });
      expect(osRegex(pattern, pattern)).toBe(false);
    });
  });

  it('never matches with an empty alternative or a bare ^ (r_code stays NULL)', () => {
    expect(osRegex('', 'anything')).toBe(false);
    expect(osRegex('^', 'anything')).toBe(false);
    expect(osRegex('zzz|', 'anything')).toBe(false);
  });

  it('does not backtrack like a JavaScript regex: `\\.` (any byte) takes the second digit of "12" (traced by hand)', () => {
    expect(osRegex('\\d+\\.\\d+,', '2.4,')).toBe(true);
    expect(osRegex('\\d+\\.\\d+,', '12.4,')).toBe(false);
    expect(/\d+.\d+,/.test('12.4,')).toBe(true);
  });

  it('treats + and * after a plain character as literal characters', () => {
    expect(osRegex('a+', 'a+')).toBe(true);
    expect(osRegex('a+', 'aa')).toBe(false);
  });

  it('matches UTF-8 bytes case-insensitively only in ASCII', () => {
    expect(osRegex('ÉTÉ', 'été')).toBe(false);
    expect(osRegex('été', 'xétéx')).toBe(true);
  });

  it('keeps the pattern it was compiled from', () => {
    expect(OsRegex.of('a|b').source).toBe('a|b');
    expect(() => OsRegex.of('(')).toThrow(/invalid OSSEC regex/);
  });

  it('runs plain-character alternatives as substring tests that agree with the byte scanner (property)', () => {
    const unit = fc.constantFrom('a', 'b', 'A', ',', '.', '+', '*', 'é', ' ');
    const pattern = fc.tuple(fc.boolean(), fc.string({ unit, minLength: 0, maxLength: 5 }), fc.boolean()).map(([b, body, e]) => `${b ? '^' : ''}${body}${e ? '$' : ''}`);
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), fc.string({ unit, maxLength: 12 }), (alternatives, subject) => {
        const regex = OsRegex.of(alternatives.join('|'));
        expect(regex.test(subject)).toBe(regex.testByScan(subject));
        expect(regex.test(new PreparedSubject(subject))).toBe(regex.testByScan(subject));
      }),
      { numRuns: 3000 },
    );
  });
});
