import { fixtureJson } from '@riposte/testing';
import { aMessage, withDstuser } from '../testing/messages';
import { getExtraArgs, getSrcip, getUsername, ipVersion, isNumericIp, isValidUsername } from './alert-fields';

describe('srcip extraction (spec §3.2)', () => {
  const win = (eventdata: Record<string, unknown>, srcip = '9.9.9.9') => aMessage({ data: { srcip, win: { eventdata } } });
  it('reads data.srcip', () => expect(getSrcip(aMessage({ data: { srcip: '1.2.3.4' } }))).toBe('1.2.3.4'));
  it('prefers win.eventdata.ipAddress, then destinationIp', () => {
    expect(getSrcip(win({ ipAddress: '1.1.1.1', destinationIp: '2.2.2.2' }))).toBe('1.1.1.1');
    expect(getSrcip(win({ destinationIp: '2.2.2.2' }))).toBe('2.2.2.2');
  });
  it.each([
    ['ok/alerts/sshd-5712.json', '203.0.113.77'],
    ['ok/alerts/web-attack-31106.json', '198.51.100.20'],
    ['ok/alerts/windows-logon-failures-60204.json', '192.0.2.44'],
  ])('reads the source of %s: %s', (name, srcip) => expect(getSrcip(aMessage({ alert: fixtureJson(name) }))).toBe(srcip));
  it('uses a win.eventdata value exclusively, even "-"', () => expect(getSrcip(win({ ipAddress: '-' }))).toBeNull());
  it('skips non-string values', () => {
    expect(getSrcip(win({ ipAddress: 1234 }))).toBe('9.9.9.9');
    expect(getSrcip(aMessage({ data: { srcip: 16909060 } }))).toBeNull();
  });
  it('accepts IPv6', () => expect(getSrcip(aMessage({ data: { srcip: '2001:db8::1' } }))).toBe('2001:db8::1'));
  it.each(['1.2.3.4;rm -rf /', '-j ACCEPT', '../../etc/passwd', '1.2.3.4 ', '1.2.3.4\n', '', '127.1', '256.1.1.1', 'fe80::1%eth0', 'localhost', '$(reboot)'])(
    'treats %j as absent',
    (srcip) => expect(getSrcip(aMessage({ data: { srcip } }))).toBeNull(),
  );
  it('is null without data or alert', () => {
    expect(getSrcip(aMessage({ alert: {} }))).toBeNull();
    expect(getSrcip({ ...aMessage(), parameters: {} })).toBeNull();
  });
});

describe('ipVersion / isNumericIp', () => {
  it('tells 4 from 6', () => {
    expect(ipVersion('10.0.0.1')).toBe(4);
    expect(ipVersion('::ffff:10.0.0.1')).toBe(6);
    expect(ipVersion('10.0.0')).toBeNull();
  });
  it('refuses zone ids', () => expect(isNumericIp('fe80::1%lo')).toBe(false));
});

describe('is_valid_username (Wazuh 4.14.7, test_active-response.c cases)', () => {
  it.each(['testuser', 'user123', '1testuser', '_testuser', 'test-user', 'machine$', 'TestUser', 'test.user'])('accepts %s', (u) =>
    expect(isValidUsername(u)).toBe(true),
  );
  it.each(['root', '', '-x', '+x', '~x', 'a:b', 'a,b', 'a b', 'a\tb', 'a\nb', 'a\rb', 'a/b', 'a\\b', 'a..b', '..', 'x'.repeat(257)])('refuses %j', (u) =>
    expect(isValidUsername(u)).toBe(false),
  );
  it('accepts 256 characters', () => expect(isValidUsername('x'.repeat(256))).toBe(true));
  it('reads data.dstuser only when valid and a string', () => {
    expect(getUsername(withDstuser('paco'))).toBe('paco');
    expect(getUsername(withDstuser('root'))).toBeNull();
    expect(getUsername(withDstuser(42))).toBeNull();
  });
});

describe('extra_args (get_extra_args_from_json)', () => {
  it('joins strings with single spaces, skipping non-strings', () =>
    expect(getExtraArgs(aMessage({ extraArgs: ['https://hooks', 1, 'x'] }))).toBe('https://hooks x'));
  it('is null when empty', () => expect(getExtraArgs(aMessage({ extraArgs: [] }))).toBeNull());
  it('stops before 4096 bytes', () => expect(getExtraArgs(aMessage({ extraArgs: ['a'.repeat(3000), 'b'.repeat(2000)] }))).toBe('a'.repeat(3000)));
});
