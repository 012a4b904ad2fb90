import fc from 'fast-check';
import { OsMatch } from './os-match';
import { checkWhitelist, parseWhitelistEntry, type Whitelist, type WhitelistEntry } from './whitelist';

function whitelist(...values: string[]): Whitelist {
  const entries: WhitelistEntry[] = values.map((v) => {
    const r = parseWhitelistEntry(v);
    if (!r.ok) throw new Error(`${v}: ${r.message}`);
    return r.entry;
  });
  return { entries };
}

describe('§1.4 white_list entries', () => {
  it.each<[string, string]>([
    ['127.0.0.1', 'ipv4'],
    ['!10.0.0.0/8', 'ipv4'],
    ['192.168.0.0/255.255.0.0', 'ipv4'],
    ['0.0.0.0/0', 'ipv4'],
    ['^localhost.localdomain$', 'pattern'],
    ['example.com', 'pattern'],
    ['10.0.0.0/0.0.0.0', 'pattern'], // the regex needs 2 digits then a digit after '/': a 1-digit first mask octet fails it
    ['10.0.0.1 ', 'pattern'],
    ['2001:db8::1', 'ipv6'],
    ['2001:db8::/32', 'ipv6'],
    ['!fe80::/10', 'ipv6'],
    ['::ffff:10.0.0.1', 'ipv6'],
    ['any', 'pattern'],
  ])('%j is an %s entry', (value, kind) => {
    const r = parseWhitelistEntry(value);
    expect(r.ok && r.entry.kind).toBe(kind);
  });

  it.each(['256.0.0.1', '1.2.3.4/33', '1.2.3.4/99', '1.2.3.4/300.0.0.0', '01.2.3.4'])('%j is an invalid ip address (1237)', (value) => {
    expect(parseWhitelistEntry(value)).toEqual({ ok: false, code: '1237', message: `Invalid ip address: '${value}'.` });
  });

  it('refuses an OSMatch pattern longer than 2048 bytes (1450)', () => {
    const r = parseWhitelistEntry('x'.repeat(2049));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('1450');
  });
});

describe('§1.4 white-list check at fire time', () => {
  const wl = whitelist('127.0.0.1', '^localhost.localdomain$', '10.0.0.0/8', '192.168.1.0/255.255.255.0', 'corp.example');

  it.each<[string, boolean, string | undefined]>([
    ['127.0.0.1', true, '127.0.0.1'],
    ['127.0.0.2', false, undefined],
    ['10.200.3.4', true, '10.0.0.0/8'],
    ['11.0.0.1', false, undefined],
    ['192.168.1.77', true, '192.168.1.0/255.255.255.0'],
    ['192.168.2.77', false, undefined],
    ['::ffff:10.1.1.1', true, '10.0.0.0/8'],
    ['::FFFF:10.1.1.1', true, '10.0.0.0/8'],
    ['localhost.localdomain', true, '^localhost.localdomain$'],
    ['LOCALHOST.localdomain', true, '^localhost.localdomain$'],
    ['xlocalhost.localdomain', false, undefined],
    ['host.corp.example.net', true, 'corp.example'],
    ['2001:db8::1', false, undefined],
    ['', false, undefined],
    ['not an ip', false, undefined],
  ])('srcip %j → whitelisted %s (entry %s)', (srcip, whitelisted, entry) => {
    const v = checkWhitelist(wl, srcip);
    expect(v.whitelisted).toBe(whitelisted);
    if (whitelisted) expect(v.entry).toBe(entry);
  });

  it('strips ::ffff: before checking and reports the address checked', () => {
    expect(checkWhitelist(wl, '::ffff:127.0.0.1')).toEqual({ whitelisted: true, checked: '127.0.0.1', entry: '127.0.0.1' });
  });

  it('matches hostname patterns as substrings, so a partial IPv4 string pattern matches several addresses', () => {
    const partial = whitelist('10.0.0.1 ', '192.168.');
    expect(checkWhitelist(partial, '192.168.44.1').whitelisted).toBe(true);
    expect(checkWhitelist(partial, '10.0.0.1').whitelisted).toBe(false);
  });

  describe("the '!' quirk of OS_IPFoundList: a negated entry flips the result for the rest of the scan", () => {
    const negated = whitelist('!10.0.0.0/8');
    it('an address inside the negated network is not white-listed', () => {
      expect(checkWhitelist(negated, '10.1.2.3').whitelisted).toBe(false);
    });
    it('an address outside every entry after a negated one IS white-listed', () => {
      expect(checkWhitelist(negated, '8.8.8.8')).toMatchObject({ whitelisted: true, entry: '!10.0.0.0/8' });
    });
    it('an entry after the negated one returns "not white-listed" when it matches', () => {
      expect(checkWhitelist(whitelist('!10.0.0.0/8', '8.8.8.8'), '8.8.8.8').whitelisted).toBe(false);
    });
    it('an address that is not an IP is never white-listed by the IP list', () => {
      expect(checkWhitelist(negated, 'host.example').whitelisted).toBe(false);
    });
  });

  describe('IPv6 entries are real networks (deliberate improvement)', () => {
    const v6 = whitelist('2001:db8::/32', 'fe80::1');
    it.each<[string, boolean]>([
      ['2001:db8:abcd::5', true],
      ['2001:0db8::', true],
      ['2001:db9::1', false],
      ['fe80::1', true],
      ['fe80::10', false],
      ['FE80:0:0:0:0:0:0:1', true],
      ['10.0.0.1', false],
    ])('%j → %s', (srcip, expected) => {
      expect(checkWhitelist(v6, srcip).whitelisted).toBe(expected);
    });
  });

  it('never throws, whatever the srcip (property)', () => {
    const anyList = whitelist('127.0.0.1', '!10.0.0.0/8', '2001:db8::/32', '^x|y$|', '!foo');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.string({ unit: 'binary' })), (srcip) => {
        expect(typeof checkWhitelist(anyList, srcip).whitelisted).toBe('boolean');
      }),
    );
  });

  it('white-lists every address inside an IPv4 CIDR entry and none outside (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (net, ip, bits) => {
        const toNum = (s: string) => s.split('.').reduce((n, o) => n * 256 + Number(o), 0);
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        const inside = ((toNum(net) & mask) >>> 0) === ((toNum(ip) & mask) >>> 0);
        expect(checkWhitelist(whitelist(`${net}/${bits}`), ip).whitelisted).toBe(inside);
      }),
    );
  });
});

describe('§1.4 OSMatch (the patterns of white_list)', () => {
  // Wazuh's test_success_match / test_fail_match (src/unit_tests/os_regex/test_os_regex.c) use OS_Match2.
  it.each<[string, string]>([
    ['abc', 'abcd'],
    ['abcd', 'abcd'],
    ['a', 'aa'],
    ['^a', 'ab'],
    ['test', 'testest'],
    ['lalaila', 'lalalalaila'],
    ['abc|cde', 'cde'],
    ['^aa|ee|ii|oo|uu', 'dfgdsii'],
    ['Abc', 'abc'],
    ['ABC', 'ABc'],
    ['^A', 'a'],
    ['a|E', 'abcdef'],
    ['^abc ', 'abc '],
    ['kwo|fe|fw|wfW|edW|dwDF|WdW|dw|d|^la', 'la'],
    ['^ab$', 'ab'],
    ['c$', 'lalalalac'],
    ['^bin$|^shell$|^ftp$', 'ftp'],
    ['!test1', 'test2'],
    ['', ''],
    ['x|', 'anything'],
  ])('%j matches %j', (pattern, subject) => {
    const c = OsMatch.compile(pattern);
    expect(c.ok && c.match.test(subject)).toBe(true);
  });

  it.each<[string, string]>([
    ['abc', 'abb'],
    ['^ab', ' ab'],
    ['test', 'tes'],
    ['abbbbbbbb', 'abbbbbbb'],
    ['a|b|c| ', 'def'],
    ['lala$', 'lalalalalal'],
    ['^ab$', 'abc'],
    ['zzzz$', 'zzzzzzzzzzzz '],
    ['zzzz$', 'zzz'],
    ['^bin$|^shell$', 'ashell'],
    ['!test1', 'test1'],
    ['a.c', 'abc'],
  ])('%j does not match %j', (pattern, subject) => {
    const c = OsMatch.compile(pattern);
    expect(c.ok && c.match.test(subject)).toBe(false);
  });
});
