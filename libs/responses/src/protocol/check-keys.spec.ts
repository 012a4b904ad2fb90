import { readFixture } from '@riposte/testing';
import { formatCheckKeys, parseCheckKeys, rkeyFor } from './check-keys';

describe('check_keys (spec §3.2 step 6)', () => {
  // Two keys, written with a space after the comma as a hand-written script may print them.
  const keysLine = readFixture('ok/messages/check-keys-two-keys.json').trim();

  it('reads the keys of a check_keys line', () => expect(parseCheckKeys(keysLine)).toEqual({ valid: true, keys: ['192.0.2.61', 'deploy'] }));
  it('builds the rkey from basename(program) and each key', () =>
    expect(rkeyFor('active-response/bin/restart-wazuh', keysLine)).toEqual({ rkey: 'restart-wazuh-192.0.2.61-deploy', truncated: false }));
  it('skips non-string keys', () =>
    expect(rkeyFor('active-response/bin/firewall-drop', formatCheckKeys('x', ['1.2.3.4']).replace('["1.2.3.4"]', '["1.2.3.4",5,null]')).rkey).toBe(
      'firewall-drop-1.2.3.4',
    ));
  it.each([
    ['no line', null],
    ['not JSON', 'hello'],
    ['another command', keysLine.replace('check_keys', 'continue')],
    ['a string version', keysLine.replace('"version":1', '"version":"1"')],
  ])('keeps the bare basename for %s', (_what, line) => expect(rkeyFor('active-response/bin/host-deny', line).rkey).toBe('host-deny'));
  it('cuts the rkey at 4095 bytes', () => {
    const { rkey, truncated } = rkeyFor('active-response/bin/firewall-drop', formatCheckKeys('firewall-drop', ['k'.repeat(5000)]));
    expect(Buffer.byteLength(rkey)).toBe(4095);
    expect(truncated).toBe(true);
  });
  it('prints check_keys byte for byte like the compacted fixture', () => {
    const expected = JSON.stringify(JSON.parse(readFixture('ok/messages/check-keys-pretty.json')));
    expect(formatCheckKeys('firewall-drop', ['198.51.100.20'])).toBe(expected);
  });
});
