/**
 * The policy on the repository's own Wazuh-format fixtures (libs/testing/fixtures): manager and agent ossec.conf
 * files, the ar.conf a manager writes for them, and responses firing on the sshd, web attack and Windows alerts with
 * the message analysisd sends. The same checks on the real Wazuh files are in the conformance suite.
 */
import { type Alert, AlertV1, ArMessageV1 } from '@riposte/contracts';
import { fixtureJson, readFixture } from '@riposte/testing';
import { parseAgentArConfig } from './agent-ar-config';
import { arConfLines } from './ar-conf';
import { decide } from './decide';
import { parseOssecConf } from './parse-ossec-conf';
import type { Policy } from './policy';
import { formatProblem } from './problem';
import { itReadsAnInstalledManagerConf } from './testing/ossec-conf';

function policyOf(name: string): Policy {
  const r = parseOssecConf(readFixture(name), name);
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.policy;
}

describe('ok/ossec-conf/manager.conf (a manager as install.sh leaves it)', () => {
  const result = parseOssecConf(readFixture('ok/ossec-conf/manager.conf'), 'manager.conf');

  itReadsAnInstalledManagerConf(result, 33, 39, 44, 50, 56, 62);

  it('writes only the six built-in ar.conf lines', () => {
    const expected = readFixture('ok/ar-conf/manager-responses.ar.conf').trimEnd().split('\n').slice(0, 6);
    expect(arConfLines((result as { policy: Policy }).policy)).toEqual(expected);
  });
});

describe('ok/ossec-conf/manager-responses.conf (a clustered manager with four responses)', () => {
  const policy = policyOf('ok/ossec-conf/manager-responses.conf');

  it('reads the node name, the white list and the four responses in order', () => {
    expect(policy.nodeName).toBe('node01');
    expect(policy.whitelist.entries.map((e) => `${e.kind}:${e.raw}`)).toEqual(['ipv4:127.0.0.1', 'ipv4:10.20.0.0/24', 'pattern:^riposte-manager$']);
    expect(policy.responses.map((r) => [r.name, r.location, r.timeout])).toEqual([
      ['firewall-drop600', 'local', 600],
      ['host-deny180', 'server', 180],
      ['firewall-drop300', 'local', 300],
      ['win_route-null900', 'defined-agent', 900],
    ]);
  });

  it('writes ok/ar-conf/manager-responses.ar.conf: the built-ins, then one line per response', () => {
    expect(arConfLines(policy)).toEqual(readFixture('ok/ar-conf/manager-responses.ar.conf').trimEnd().split('\n'));
  });
});

describe('agent ossec.conf files', () => {
  it('ok/ossec-conf/agent.conf reads as enabled, with its repeated offenders', () => {
    expect(parseAgentArConfig(readFixture('ok/ossec-conf/agent.conf'), 'agent.conf')).toEqual({ disabled: false, repeatedOffenders: [10, 30, 60] });
  });

  it('ok/ossec-conf/agent-ar-disabled.conf reads as disabled', () => {
    expect(parseAgentArConfig(readFixture('ok/ossec-conf/agent-ar-disabled.conf'), 'agent-ar-disabled.conf')).toMatchObject({ disabled: true });
  });

  it('read as a manager configuration, an agent block with repeated_offenders is accepted and ignored', () => {
    const r = parseOssecConf(readFixture('ok/ossec-conf/agent.conf'), 'agent.conf');
    expect(r).toMatchObject({ ok: true, warnings: [] });
    expect((r as { policy: Policy }).policy.responses).toEqual([]);
  });
});

describe('not-ok ossec.conf files', () => {
  it.each([
    ['not-ok/ossec-conf/bare-active-response.conf', ['bare-active-response.conf:3: (1281) Missing options in the active response configuration.']],
    ['not-ok/ossec-conf/response-unknown-command.conf', ["response-unknown-command.conf:10: (1303) Invalid command 'fw-drop' in the active response."]],
    ['not-ok/ossec-conf/response-without-location.conf', ['response-without-location.conf:9: (1281) Missing options in the active response configuration.']],
  ])('%s is refused with Wazuh’s message', (name, errors) => {
    const r = parseOssecConf(readFixture(name), name.split('/').pop()!);
    expect(r.ok ? [] : r.errors.map(formatProblem)).toEqual(errors);
  });
});

describe('responses fire on the alerts of the fixtures', () => {
  // The alert as alerts.json carries it: the raw object keeps the order of the compliance keys.
  const policy = policyOf('ok/ossec-conf/manager-responses.conf');
  const sshd = fixtureJson<Alert>('ok/alerts/sshd-5712.json');
  const web = fixtureJson<Alert>('ok/alerts/web-attack-31106.json');
  const windows = fixtureJson<Alert>('ok/alerts/windows-logon-failures-60204.json');
  for (const a of [sshd, web, windows]) AlertV1.parse(a);

  it('rebuilds the 5712 rule group string with its compliance groups, in the order of the alert keys', () => {
    expect(decide(sshd, policy, []).groupString).toBe(
      'syslog,sshd,authentication_failures,gdpr_IV_35.7.d,gdpr_IV_32.2,hipaa_164.312.b,nist_800_53_SI.4,' +
        'nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_11.4,pci_dss_10.2.4,pci_dss_10.2.5,tsc_CC6.1,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,',
    );
  });

  it('sshd brute force (rule 5712, level 10, agent 000): firewall-drop600 locally and host-deny180 on the server', () => {
    const d = decide(sshd, policy, ['001', '002', '003']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location, x.timeout])).toEqual([
      ['000', 'firewall-drop600', 'local', 600],
      ['000', 'host-deny180', 'server', 180],
    ]);
    expect(d.suppressions).toEqual([]);
  });

  it('the same alert from a white-listed source (10.20.0.0/24) dispatches nothing', () => {
    const inside = { ...sshd, data: { ...sshd.data, srcip: '10.20.0.9' } } as Alert;
    const d = decide(inside, policy, []);
    expect(d.dispatches).toEqual([]);
    expect(d.suppressions.map((s) => [s.name, s.reason])).toEqual([
      ['firewall-drop600', 'whitelisted'],
      ['host-deny180', 'whitelisted'],
    ]);
  });

  it('web attack (rule 31106, level 12, agent 003): the message analysisd sends, and the stdin line execd writes', () => {
    const d = decide(web, policy, ['003']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location])).toEqual([['003', 'firewall-drop300', 'local']]);
    expect(JSON.stringify(d.dispatches[0].message)).toBe(readFixture('ok/messages/analysisd-to-execd-firewall-drop300.json').trim());
    const stdin = ArMessageV1.rewriteForScript(d.dispatches[0].message, 'add', 'active-response/bin/firewall-drop');
    expect(JSON.stringify(stdin)).toBe(readFixture('ok/messages/execd-to-script-add.json').trim());
  });

  it('Windows logon failures (rule 60204, agent 004): null route on the defined agent 002 and host-deny on the server', () => {
    const d = decide(windows, policy, ['002', '004']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location]).sort()).toEqual([
      ['000', 'host-deny180', 'server'],
      ['002', 'win_route-null900', 'defined-agent'],
    ]);
  });
});
