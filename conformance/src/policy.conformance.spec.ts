/**
 * Golden tests on the real Wazuh files (see ./wazuh-fixtures.ts and the folder's SOURCES.md): the manager's
 * ossec-server.conf and the installer templates parse as Wazuh reads them, ar.conf comes out as Wazuh writes it,
 * and responses fire on the sample alerts with the message Wazuh sends.
 */
import { type Alert, AlertV1, ArMessageV1 } from '@riposte/contracts';
import { arConfLines, decide, formatProblem, parseAgentArConfig, parseOssecConf, type Policy } from '@riposte/policy';
import { SSHD_ALERT, wazuhFixture as fixture } from './wazuh-fixtures';
import { itReadsAnInstalledManagerConf } from '@riposte/policy/src/testing/ossec-conf';

function policyOf(xml: string, source: string): Policy {
  const r = parseOssecConf(xml, source);
  if (!r.ok) throw new Error(r.errors.map(formatProblem).join('\n'));
  return r.policy;
}

const SERVER_CONF = 'wazuh__etc__ossec-server.conf';

describe('§1 golden: Wazuh 4.14.7 etc/ossec-server.conf', () => {
  const result = parseOssecConf(fixture(SERVER_CONF), 'ossec-server.conf');

  itReadsAnInstalledManagerConf(result, 144, 150, 155, 161, 167, 173);

  it('writes the ar.conf Wazuh writes for it (the six built-in lines)', () => {
    const expected = fixture('wazuh__api__test__integration__env__manager__etc__shared__ar.conf').trimEnd().split('\n');
    expect(arConfLines((result as { policy: Policy }).policy)).toEqual(expected);
  });
});

describe('§1 golden: installer templates (inserted into <ossec_config> by install.sh)', () => {
  it('ar-commands.template has the seven commands, netsh included', () => {
    const policy = policyOf(`<ossec_config>${fixture('wazuh__etc__templates__config__generic__ar-commands.template')}</ossec_config>`, 't');
    expect(policy.commands.map((c) => c.name)).toEqual([
      'disable-account',
      'restart-wazuh',
      'firewall-drop',
      'host-deny',
      'route-null',
      'win_route-null',
      'netsh',
    ]);
  });

  it('ar-definitions.template defines no response (its block is a comment)', () => {
    const policy = policyOf(`<ossec_config>${fixture('wazuh__etc__templates__config__generic__ar-definitions.template')}</ossec_config>`, 't');
    expect(policy.responses).toEqual([]);
  });

  it('global-ar.template white-lists 127.0.0.1 and localhost.localdomain', () => {
    const policy = policyOf(`<ossec_config>${fixture('wazuh__etc__templates__config__generic__global-ar.template')}</ossec_config>`, 't');
    expect(policy.whitelist.entries.map((e) => e.raw)).toEqual(['127.0.0.1', '^localhost.localdomain$']);
  });
});

describe('§1.3 golden: Wazuh 4.14.7 etc/ossec-agent.conf', () => {
  it('reads as enabled, with no repeated offenders', () => {
    expect(parseAgentArConfig(fixture('wazuh__etc__ossec-agent.conf'), 'ossec-agent.conf')).toEqual({ disabled: false, repeatedOffenders: [] });
  });

  it('is not a manager configuration: its bare <active-response> block lacks command and location (1281)', () => {
    const r = parseOssecConf(fixture('wazuh__etc__ossec-agent.conf'), 'ossec-agent.conf');
    expect(r.ok ? [] : r.errors.map(formatProblem)).toEqual(['ossec-agent.conf:160: (1281) Missing options in the active response configuration.']);
  });
});

/** The shipped manager configuration plus the responses an operator adds in a second <ossec_config>. */
function serverWith(...responses: string[]): Policy {
  return policyOf(`${fixture(SERVER_CONF)}\n<ossec_config>\n${responses.join('\n')}\n</ossec_config>\n`, 'ossec.conf');
}

describe('§2 golden: responses fire on the sample alerts as Wazuh would', () => {
  // The alert as alerts.json carries it: validated by the contract, but the raw object is what is passed on
  // (the contract's parse rebuilds objects in schema order, which loses the order of the compliance keys).
  const sshd = JSON.parse(fixture(SSHD_ALERT)) as Alert;
  AlertV1.parse(sshd);

  it('rebuilds the 5712 rule group string with its compliance groups, in the order of the alert keys', () => {
    expect(decide(sshd, serverWith(), []).groupString).toBe(
      'syslog,sshd,authentication_failures,gdpr_IV_35.7.d,gdpr_IV_32.2,hipaa_164.312.b,nist_800_53_SI.4,' +
        'nist_800_53_AU.14,nist_800_53_AC.7,pci_dss_11.4,pci_dss_10.2.4,pci_dss_10.2.5,tsc_CC6.1,tsc_CC6.8,tsc_CC7.2,tsc_CC7.3,',
    );
  });

  it('loses that order when given the object AlertV1.parse returns (schema order: pci_dss before gdpr)', () => {
    expect(decide(AlertV1.parse(sshd), serverWith(), []).groupString).toMatch(/^syslog,sshd,authentication_failures,pci_dss_11\.4,/);
  });

  it('sshd brute force (rule 5712, level 10, agent 000): `local` runs firewall-drop600 on the manager', () => {
    const policy = serverWith(
      '<active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>',
      '<active-response><command>host-deny</command><location>local</location><level>11</level><rules_group>authentication_failures,</rules_group><timeout>600</timeout></active-response>',
      '<active-response><command>route-null</command><location>all</location><rules_group>pci_dss_10\\.2\\.4,</rules_group></active-response>',
    );
    const d = decide(sshd, policy, ['001', '002']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location, x.timeout])).toEqual([
      ['000', 'firewall-drop600', 'local', 600],
      ['000', 'route-null0', 'all', 0],
      ['001', 'route-null0', 'all', 0],
      ['002', 'route-null0', 'all', 0],
    ]);
    expect(d.suppressions).toEqual([]);
  });

  it('the same alert from a white-listed source (127.0.0.1 in the shipped list) dispatches nothing', () => {
    const policy = serverWith('<active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>');
    const local = { ...sshd, data: { ...sshd.data, srcip: '127.0.0.1' } } as Alert;
    const d = decide(local, policy, []);
    expect(d.dispatches).toEqual([]);
    expect(d.suppressions).toMatchObject([{ name: 'firewall-drop600', reason: 'whitelisted' }]);
  });

  it('Shellshock lab: rebuilds, byte for byte, the stdin line execd gave firewall-drop (active-responses.log)', () => {
    const log = fixture('wazuh-documentation__learning-wazuh__shellshock.rst__active-responses.log').split('\n');
    const logged = log[1].replace(/^\S+ \S+ active-response\/bin\/firewall-drop: /, '');
    const alert = JSON.parse(logged).parameters.alert as Alert;
    const policy = serverWith(
      '<cluster><name>wazuh</name><node_name>node01</node_name></cluster>',
      '<active-response><command>firewall-drop</command><location>local</location><rules_id>31168</rules_id><timeout>300</timeout></active-response>',
    );
    AlertV1.parse(alert);
    const d = decide(alert, policy, ['005']);
    expect(d.dispatches.map((x) => [x.agent, x.name])).toEqual([['005', 'firewall-drop300']]);
    const stdin = ArMessageV1.rewriteForScript(d.dispatches[0].message, 'add', 'active-response/bin/firewall-drop');
    expect(JSON.stringify(stdin)).toBe(logged);
  });

  it('custom-active-response-scripts doc: rebuilds the stdin message of firewall-drop on the manager (worker01)', () => {
    const doc = JSON.parse(fixture('wazuh-documentation__custom-active-response-scripts.rst__ar-stdin-message-firewall-drop.json'));
    const alert = doc.parameters.alert as Alert;
    const policy = serverWith(
      '<cluster><node_name>worker01</node_name></cluster>',
      '<active-response><command>firewall-drop</command><location>local</location><level>15</level><rules_group>web,|attack,</rules_group></active-response>',
    );
    AlertV1.parse(alert);
    const d = decide(alert, policy, ['001']);
    expect(d.dispatches.map((x) => [x.agent, x.name, x.location])).toEqual([['000', 'firewall-drop0', 'local']]);
    // The docs show an absolute program path; the code sends a relative one (spec §8.8): use the docs' value here.
    const stdin = ArMessageV1.rewriteForScript(d.dispatches[0].message, 'add', doc.parameters.program);
    expect(JSON.stringify(stdin)).toBe(JSON.stringify(doc));
  });
});
