import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { netsh, readProfileStatus } from './netsh.script';

const KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\';
const reg = (profile: string, value: string) => `\r\n${KEY}${profile}\r\n    EnableFirewall    REG_DWORD    ${value}\r\n\r\n`;
const respond = (off: string[] = []) => (c: { file: string; args: readonly string[] }) => {
  if (c.file !== 'reg.exe') return undefined;
  const profile = c.args[1].split('\\').pop()!;
  return { stdout: reg(profile, off.includes(profile) ? '0x0' : '0x1') };
};
const platform = { sysname: 'Windows_NT', windowsVistaOrLater: true, windir: 'C:\\Windows' };
const NAME = 'name="WAZUH ACTIVE RESPONSE BLOCKED IP"';

describe('netsh.exe (spec §4)', () => {
  it('reads a profile status from reg query output', () => expect(readProfileStatus(reg('StandardProfile', '0x0'))).toEqual({ profile: 'FIREWALL_PRIVATE', enabled: false }));
  it('checks the three profiles, then blocks in and out', async () => {
    const run = await runInMemory(netsh, withSrcip('10.1.2.3'), { platform, respond: respond() });
    expect(run.commands).toEqual([
      `reg.exe query ${KEY}DomainProfile /v EnableFirewall`,
      `reg.exe query ${KEY}StandardProfile /v EnableFirewall`,
      `reg.exe query ${KEY}PublicProfile /v EnableFirewall`,
      `netsh.exe advfirewall firewall add rule ${NAME} interface=any dir=in action=block remoteip=10.1.2.3/32`,
      `netsh.exe advfirewall firewall add rule ${NAME} interface=any dir=out action=block remoteip=10.1.2.3/32`,
    ]);
  });
  it('logs the rule-658 line when a profile is off', async () => {
    const run = await runInMemory(netsh, withSrcip('10.1.2.3'), { platform, respond: respond(['PublicProfile']) });
    expect(run.messages).toContain(
      '{"message":"Active response may not have an effect","firewall":{"profile1":"FIREWALL_DOMAIN","status1":"active","profile2":"FIREWALL_PRIVATE","status2":"active","profile3":"FIREWALL_PUBLIC","status3":"inactive" },"status":"inactive","script":"netsh"}',
    );
  });
  it('deletes by name and remote ip, without the profile check', async () => {
    const run = await runInMemory(netsh, withSrcip('2001:db8::7', 'delete'), { platform });
    expect(run.commands).toEqual([`netsh.exe advfirewall firewall delete rule ${NAME} remoteip=2001:db8::7/32`]);
  });
  it('uses ipsec static filters before Vista', async () => {
    const run = await runInMemory(netsh, withSrcip('10.1.2.3'), { platform: { ...platform, windowsVistaOrLater: false }, respond: respond() });
    expect(run.commands.slice(3)).toEqual([
      'netsh.exe ipsec static add filter filterlist="wazuh_filter" srcmask="255.255.255.255" srcaddr="10.1.2.3" dstaddr=Me protocol="any" mirrored=yes',
      'netsh.exe ipsec static add filteraction name="wazuh_action" action=block',
      'netsh.exe ipsec static add policy name="wazuh_policy" assign=yes description="WAZUH ACTIVE RESPONSE BLOCKED IP"',
      'netsh.exe ipsec static add rule name=wazuh_rule policy=wazuh_policy filterlist=wazuh_filter filteraction=wazuh_action',
    ]);
  });
});
