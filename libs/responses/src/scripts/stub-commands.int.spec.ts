import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScriptDefinition } from '../runner/script-definition';
import { invokeBuiltin, invokeBuiltinDelete } from '../execd/invoke-builtin';
import { createMemoryArLog } from '../ports/ar-log';
import { createExecRunner } from '../ports/command-runner';
import type { Platform } from '../ports/platform';
import { getBuiltin } from '../registry';
import { runRestartSh } from '../restart-sh';
import { withSrcip } from '../testing/messages';
import { createStubBin } from '../testing/stub-bin';
import { tempDir, wazuhHome } from '../testing/system';

jest.setTimeout(120_000); // real processes: several Node starts per test on a loaded CI machine

const KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\';
const NAME = 'name="WAZUH ACTIVE RESPONSE BLOCKED IP"';

/** Recording stubs first on PATH (fail2ban's approach); the scripts run in-process with the real exec runner. */
describe('scripts against recording stub executables', () => {
  const tmp = tempDir();
  const { home } = wazuhHome(tmp.dir);
  const stubs = createStubBin({
    'firewall-cmd': {},
    pfctl: { stdout: 'Status: Enabled for 0 days 00:01:02\n' },
    ipfw: { stdout: '' },
    npfctl: { stdout: 'filtering:\tactive\ntable <wazuh_blacklist> type hash\n' },
    'netsh.exe': {},
    'reg.exe': { stdout: `\r\n${KEY}DomainProfile\r\n    EnableFirewall    REG_DWORD    0x1\r\n` },
    'route.exe': {},
    'system32/ipconfig.exe': { stdout: '   Default Gateway . . . . . . . . . : 192.168.1.1\r\n' },
    'system32/net.exe': {},
    systemctl: {},
    'wazuh-control': {},
  });
  const root = path.join(tmp.dir, 'root');
  const runner = createExecRunner({ env: { ...process.env, PATH: stubs.path } });
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
    fs.mkdirSync(path.join(root, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc', 'pf.conf'), 'table <wazuh_fwtable> persist #wazuh_fwtable\n');
    fs.writeFileSync(path.join(root, 'dev', 'pf'), '');
    fs.mkdirSync(path.join(home, 'bin'));
    fs.copyFileSync(path.join(stubs.dir, 'wazuh-control'), path.join(home, 'bin', 'wazuh-control'));
    fs.chmodSync(path.join(home, 'bin', 'wazuh-control'), 0o755);
  });
  afterAll(() => {
    stubs.remove();
    tmp.cleanup();
  });

  const run = async (name: string, platform: Platform, ip = '10.0.0.5') => {
    const before = stubs.calls().length;
    const env = { log: createMemoryArLog(), runner, platform, home, root, env: { PATH: stubs.path } };
    const definition = getBuiltin(name) as ScriptDefinition;
    const added = await invokeBuiltin(definition, withSrcip(ip), env, { onKeys: () => 'continue' });
    const afterAdd = stubs.calls().length;
    const deleted = await invokeBuiltinDelete(definition, withSrcip(ip, 'delete'), env);
    const calls = stubs.calls();
    expect([added.exitCode, deleted.exitCode]).toEqual([0, 0]);
    const line = (c: { name: string; args: string[] }) => [path.basename(c.name), ...c.args].join(' ');
    return { add: calls.slice(before, afterAdd).map(line), delete: calls.slice(afterAdd).map(line) };
  };

  it.each<{ title: string; name: string; platform: Platform; ip?: string; expected: { add: string[]; delete: string[] } }>([
    {
      title: 'firewalld-drop', name: 'firewalld-drop', platform: { sysname: 'Linux' }, ip: '2001:db8::5',
      expected: {
        add: ['firewall-cmd --add-rich-rule rule family=ipv6 source address=2001:db8::5 drop'],
        delete: ['firewall-cmd --remove-rich-rule rule family=ipv6 source address=2001:db8::5 drop'],
      },
    },
    {
      title: 'pf', name: 'pf', platform: { sysname: 'Darwin' },
      expected: {
        add: ['pfctl -s info', 'pfctl -t wazuh_fwtable -T add 10.0.0.5', 'pfctl -k 10.0.0.5'],
        delete: ['pfctl -t wazuh_fwtable -T delete 10.0.0.5'],
      },
    },
    {
      title: 'ipfw', name: 'ipfw', platform: { sysname: 'FreeBSD' },
      expected: {
        add: ['ipfw show', 'ipfw -q 00001 add deny ip from table(00001) to any', 'ipfw -q 00001 add deny ip from any to table(00001)', 'ipfw -q table 00001 add 10.0.0.5'],
        delete: ['ipfw show', 'ipfw -q 00001 add deny ip from table(00001) to any', 'ipfw -q 00001 add deny ip from any to table(00001)', 'ipfw -q table 00001 delete 10.0.0.5'],
      },
    },
    {
      title: 'ipfw_mac', name: 'ipfw_mac', platform: { sysname: 'Darwin' },
      expected: {
        add: ['ipfw -q add set 2 deny ip from 10.0.0.5 to any', 'ipfw -q add set 2 deny ip from any to 10.0.0.5', 'ipfw -q set enable 2'],
        delete: ['ipfw -S show'],
      },
    },
    {
      title: 'npf', name: 'npf', platform: { sysname: 'NetBSD' },
      expected: {
        add: ['npfctl show', 'npfctl show', 'npfctl table wazuh_blacklist add 10.0.0.5'],
        delete: ['npfctl show', 'npfctl show', 'npfctl table wazuh_blacklist del 10.0.0.5'],
      },
    },
    {
      title: 'netsh.exe', name: 'netsh.exe', platform: { sysname: 'Windows_NT', windowsVistaOrLater: true, windir: stubs.dir },
      expected: {
        add: [
          ...['DomainProfile', 'StandardProfile', 'PublicProfile'].map((p) => `reg.exe query ${KEY}${p} /v EnableFirewall`),
          `netsh.exe advfirewall firewall add rule ${NAME} interface=any dir=in action=block remoteip=10.0.0.5/32`,
          `netsh.exe advfirewall firewall add rule ${NAME} interface=any dir=out action=block remoteip=10.0.0.5/32`,
        ],
        delete: [`netsh.exe advfirewall firewall delete rule ${NAME} remoteip=10.0.0.5/32`],
      },
    },
    {
      title: 'route-null.exe', name: 'route-null.exe', platform: { sysname: 'Windows_NT', windowsVistaOrLater: true, windir: stubs.dir },
      expected: {
        add: ['ipconfig.exe', 'route.exe -p ADD 10.0.0.5 MASK 255.255.255.255 192.168.1.1'],
        delete: ['route.exe DELETE 10.0.0.5'],
      },
    },
    {
      title: 'restart-wazuh.exe', name: 'restart-wazuh.exe', platform: { sysname: 'Windows_NT', windir: stubs.dir },
      expected: {
        add: ['net.exe stop Wazuh', 'net.exe start Wazuh'],
        delete: ['net.exe stop Wazuh', 'net.exe start Wazuh'],
      },
    },
    { title: 'restart-wazuh (bin/wazuh-control)', name: 'restart-wazuh', platform: { sysname: 'Linux' }, expected: { add: ['wazuh-control restart'], delete: ['wazuh-control restart'] } },
  ])('$title', async ({ name, platform, ip, expected }) => expect(await run(name, platform, ip)).toEqual(expected));
  it('restart.sh under systemd (systemctl)', async () => {
    fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'), { recursive: true });
    fs.mkdirSync(path.join(root, 'proc', '1'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc', '1', 'comm'), 'systemd\n');
    const before = stubs.calls().length;
    expect(await runRestartSh(['agent'], { home, root, runner, env: { PATH: stubs.path } })).toBe(0);
    expect(stubs.lines().slice(before)).toEqual(['systemctl restart wazuh-agent']);
  });
});
