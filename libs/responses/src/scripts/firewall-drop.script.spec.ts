import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { createFirewallDrop } from './firewall-drop.script';
import { createFirewalldDrop } from './firewalld-drop.script';

const fw = createFirewallDrop('default-firewall-drop', { retryDelayMs: 0 });

describe('firewall-drop (spec §4)', () => {
  describe('on Linux', () => {
    it.each([
      ['10.1.2.3', 'iptables'],
      ['2001:db8::7', 'ip6tables'],
    ])('blocks %s with %s on INPUT then FORWARD, and deletes the same', async (ip, bin) => {
      const add = await runInMemory(fw, withSrcip(ip));
      expect(add.commands).toEqual([`${bin} -I INPUT -s ${ip} -j DROP`, `${bin} -I FORWARD -s ${ip} -j DROP`]);
      expect(add.printed).toEqual([`{"version":1,"origin":{"name":"default-firewall-drop","module":"active-response"},"command":"check_keys","parameters":{"keys":["${ip}"]}}`]);
      const del = await runInMemory(fw, withSrcip(ip, 'delete'));
      expect(del.commands).toEqual([`${bin} -D INPUT -s ${ip} -j DROP`, `${bin} -D FORWARD -s ${ip} -j DROP`]);
    });
    it('ignores iptables exit codes, as Wazuh does', async () => {
      const run = await runInMemory(fw, withSrcip('10.1.2.3'), { respond: () => ({ code: 1 }) });
      expect(run.commands).toHaveLength(2);
      expect(run.messages.slice(-1)).toEqual(['Ended']);
    });
    it('exits 0 without Ended when iptables is missing', async () => {
      const run = await runInMemory(fw, withSrcip('10.1.2.3'), { missing: ['iptables'] });
      expect(run.messages.slice(-1)).toEqual(["The iptables file 'iptables' is not accessible: No such file or directory (2)"]);
      expect(run.exitCode).toBe(0);
      expect(run.commands).toEqual([]);
    });
  });
  describe.each(['FreeBSD', 'SunOS', 'NetBSD'])('on %s', (sysname) => {
    it('feeds ipf the block rules on stdin, -f to add and -rf to delete', async () => {
      const add = await runInMemory(fw, withSrcip('10.1.2.3'), { platform: { sysname } });
      expect(add.calls).toEqual([
        { file: 'ipf', args: ['-f', '-'], stdin: 'block out quick from any to 10.1.2.3\n' },
        { file: 'ipf', args: ['-f', '-'], stdin: 'block in quick from 10.1.2.3 to any\n' },
      ]);
      const del = await runInMemory(fw, withSrcip('10.1.2.3', 'delete'), { platform: { sysname } });
      expect(del.calls.map((c) => c.args)).toEqual([['-rf', '-'], ['-rf', '-']]);
    });
  });
  describe('on AIX', () => {
    it('adds with genfilt then reloads with mkfilt', async () => {
      const run = await runInMemory(fw, withSrcip('10.1.2.3'), { platform: { sysname: 'AIX' } });
      expect(run.commands).toEqual([
        'genfilt -v 4 -a D -s 10.1.2.3 -m 255.255.255.255 -d 0.0.0.0 -M 0.0.0.0 -w B -D "Access Denied by WAZUH"',
        'mkfilt -v 4 -d',
        'mkfilt -v 4 -u',
      ]);
    });
    it('deletes the listed rules naming the ip (and not 10.1.2.30)', async () => {
      const lsfilt = '3|permit|10.1.2.30|x\n4|deny|10.1.2.3|255.255.255.255|x\n';
      const run = await runInMemory(fw, withSrcip('10.1.2.3', 'delete'), { platform: { sysname: 'AIX' }, respond: (c) => (c.file === 'lsfilt' ? { stdout: lsfilt } : undefined) });
      expect(run.commands).toEqual(['lsfilt -v 4 -O', 'rmfilt -v 4 -n 4', 'mkfilt -v 4 -d', 'mkfilt -v 4 -u']);
    });
  });
  it('logs Invalid system elsewhere', async () => {
    const run = await runInMemory(fw, withSrcip('10.1.2.3'), { platform: { sysname: 'Darwin' } });
    expect(run.messages.slice(-2)).toEqual(['Invalid system', 'Ended']);
    expect(run.commands).toEqual([]);
  });
});

describe('firewalld-drop (spec §4)', () => {
  const fwd = createFirewalldDrop({ retryDelayMs: 0 });
  it.each([
    ['10.1.2.3', 'ipv4'],
    ['2001:db8::7', 'ipv6'],
  ])('adds and removes a runtime rich rule for %s', async (ip, family) => {
    const add = await runInMemory(fwd, withSrcip(ip));
    expect(add.calls).toEqual([{ file: 'firewall-cmd', args: ['--add-rich-rule', `rule family=${family} source address=${ip} drop`] }]);
    const del = await runInMemory(fwd, withSrcip(ip, 'delete'));
    expect(del.calls).toEqual([{ file: 'firewall-cmd', args: ['--remove-rich-rule', `rule family=${family} source address=${ip} drop`] }]);
  });
  it('retries a failing firewall-cmd 5 times, then logs', async () => {
    const run = await runInMemory(fwd, withSrcip('10.1.2.3'), { respond: () => ({ code: 252 }) });
    expect(run.calls).toHaveLength(5);
    expect(run.messages.slice(-2)).toEqual(["Unable to run firewall-cmd, action: '--add-rich-rule', rule: 'rule family=ipv4 source address=10.1.2.3 drop'", 'Ended']);
  });
  it('exits -1 when firewall-cmd is missing', async () => {
    const run = await runInMemory(fwd, withSrcip('10.1.2.3'), { missing: ['firewall-cmd'] });
    expect(run.exitCode).toBe(-1);
    expect(run.messages.slice(-1)).toEqual(["The firewall-cmd file 'firewall-cmd' is not accessible: No such file or directory (2)"]);
  });
});
