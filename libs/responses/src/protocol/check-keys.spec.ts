import { readFixture } from '../testing/fixtures';
import { formatCheckKeys, parseCheckKeys, rkeyFor } from './check-keys';

describe('check_keys (spec §3.2 step 6)', () => {
  const derived = JSON.parse(readFixture('DERIVED__wazuh__src__unit_tests__os_execd__test_execd.c__test_ExecdStart_ok__messages.json'));
  const keysLine: string = derived['3_script_to_execd_check_keys'].trim();

  it('reads the keys of test_execd.c', () => expect(parseCheckKeys(keysLine)).toEqual({ valid: true, keys: ['10.0.0.1', 'root'] }));
  it('builds the rkey from basename(program) and each key', () =>
    expect(rkeyFor('active-response/bin/restart-wazuh', keysLine)).toEqual({ rkey: 'restart-wazuh-10.0.0.1-root', truncated: false }));
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
  it('prints check_keys byte for byte like the docs capture', () => {
    const docs = JSON.stringify(JSON.parse(readFixture('wazuh-documentation__custom-active-response-scripts.rst__check_keys-control-message.json')));
    expect(formatCheckKeys('program-name', ['10.0.0.1'])).toBe(docs);
  });
});
