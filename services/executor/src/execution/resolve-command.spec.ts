import { readFixture } from '@riposte/testing';
import { atoi, parseArConf, refersToParentFolder, resolveCommand, type ResolveInput } from './resolve-command';

const AR_CONF = ['firewall-drop600 - firewall-drop - 600', 'host-deny0 - host-deny - 0', 'gone60 - not-here - 60', 'sneaky0 - ../../bin/sh - 0', ''].join('\n');
const present = new Set(['firewall-drop', 'host-deny', 'custom.sh', 'restart-wazuh']);
const base: Omit<ResolveInput, 'name'> = { arConf: AR_CONF, isPresent: (e) => present.has(e), isManager: false };

describe('resolveCommand (spec §3.2 steps 2–3)', () => {
  it.each([
    { name: 'firewall-drop600', expected: { kind: 'run', arName: 'firewall-drop600', executable: 'firewall-drop', program: 'active-response/bin/firewall-drop', timeoutSeconds: 600 } },
    { name: 'host-deny0', expected: { kind: 'run', arName: 'host-deny0', executable: 'host-deny', program: 'active-response/bin/host-deny', timeoutSeconds: 0 } },
    { name: '!custom.sh', expected: { kind: 'run', arName: '!custom.sh', executable: 'custom.sh', program: 'active-response/bin/custom.sh', timeoutSeconds: 0 } },
    { name: '!../custom.sh', expected: { kind: 'refused', reason: "Active response command '../custom.sh' vulnerable to directory traversal attack. Ignoring." } },
    { name: '!x/../../etc/passwd', expected: { kind: 'refused', reason: "Active response command 'x/../../etc/passwd' vulnerable to directory traversal attack. Ignoring." } },
    { name: 'unknown600', expected: { kind: 'refused', reason: "(1311): Invalid command name 'unknown600' provided." } },
    { name: '!missing.sh', expected: { kind: 'absent', reason: "Active response command not present: 'active-response/bin/missing.sh'. Not using it on this system." } },
    { name: 'gone60', expected: { kind: 'absent', reason: "Active response command not present: 'active-response/bin/not-here'. Not using it on this system." } },
    { name: 'sneaky0', expected: { kind: 'absent', reason: "Active response command '../../bin/sh' vulnerable to directory traversal attack. Ignoring." } },
    { name: 'restart-wazuh', expected: { kind: 'restart', program: 'active-response/bin/restart.sh', args: ['agent'] } },
  ])('$name → $expected.kind', ({ name, expected }) => {
    expect(resolveCommand({ ...base, name })).toEqual(expected);
  });

  it('the manager restarts itself as manager', () => {
    expect(resolveCommand({ ...base, name: 'restart-wazuh', isManager: true })).toMatchObject({ args: ['manager'] });
  });

  it('a resolution header wins over ar.conf and carries <expect>', () => {
    const resolution = { arName: 'legacy600', executable: 'custom.sh', timeoutSeconds: 600, expect: ['srcip'] };
    expect(resolveCommand({ ...base, name: 'legacy600', resolution })).toEqual({
      kind: 'run', arName: 'legacy600', executable: 'custom.sh', program: 'active-response/bin/custom.sh', timeoutSeconds: 600, expect: ['srcip'],
    });
  });

  it('a resolution header naming a parent folder is refused', () => {
    const resolution = { arName: 'x0', executable: '../x', timeoutSeconds: 0 };
    expect(resolveCommand({ ...base, name: 'x0', resolution })).toEqual({ kind: 'refused', reason: "Active response command '../x' vulnerable to directory traversal attack. Ignoring." });
  });

  it('without ar.conf every name is unknown', () => {
    expect(resolveCommand({ ...base, arConf: undefined, name: 'firewall-drop600' })).toMatchObject({ kind: 'refused' });
  });
});

describe('parseArConf (ReadExecConfig)', () => {
  it("reads the 6 built-in lines analysisd writes and the configured ones; the first present executable of a duplicate name wins", () => {
    const conf = parseArConf(readFixture('ok/ar-conf/manager-responses.ar.conf'), 'ar.conf', (e) => e === 'restart-wazuh');
    expect(conf.entries.map((e) => [e.name, e.executable, e.problem === undefined])).toEqual([
      ['restart-ossec0', 'restart-ossec.cmd', false],
      ['restart-wazuh0', 'restart-wazuh', true],
      ['firewall-drop600', 'firewall-drop', false],
      ['host-deny180', 'host-deny', false],
      ['firewall-drop300', 'firewall-drop', false],
      ['win_route-null900', 'route-null.exe', false],
    ]);
  });

  it.each([
    { line: '!bad - x - 0', error: "(1313): Invalid active response config: 'ar.conf'." },
    { line: 'no separators', error: "(1313): Invalid active response config: 'ar.conf'." },
  ])('refuses "$line"', ({ line, error }) => {
    expect(parseArConf(line, 'ar.conf', () => true)).toEqual({ entries: [], errors: [error] });
  });

  it.each([
    ['600', 600],
    [' 42abc', 42],
    ['x', 0],
    ['-5', -5],
  ])('timeout %p is atoi → %p', (text, n) => expect(atoi(text)).toBe(n));

  it.each([
    ['..', true],
    ['../x', true],
    ['a/..', true],
    ['a/../b', true],
    ['a..b', false],
    ['...', false],
    ['.', false],
    ['sub/x.sh', false],
  ])('w_ref_parent_folder(%p) = %p', (p, r) => expect(refersToParentFolder(p as string)).toBe(r));
});
