import { arConfLines, findArConfEntries } from './ar-conf';
import { parseOssecConf } from './parse-ossec-conf';
import type { Policy } from './policy';

function policyOf(...sections: string[]): Policy {
  const r = parseOssecConf(`<ossec_config>${sections.join('')}</ossec_config>`, 't');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const BUILTINS = [
  'restart-ossec0 - restart-ossec.sh - 0',
  'restart-ossec0 - restart-ossec.cmd - 0',
  'restart-wazuh0 - restart-ossec.sh - 0',
  'restart-wazuh0 - restart-ossec.cmd - 0',
  'restart-wazuh0 - restart-wazuh - 0',
  'restart-wazuh0 - restart-wazuh.exe - 0',
];

describe('§1.5 ar.conf', () => {
  const policy = policyOf(
    '<command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>',
    '<command><name>win_route-null</name><executable>route-null.exe</executable><timeout_allowed>yes</timeout_allowed></command>',
    '<active-response><command>firewall-drop</command><location>local</location><level>10</level><timeout>600</timeout></active-response>',
    '<active-response><disabled>yes</disabled><command>firewall-drop</command><location>all</location></active-response>',
    '<active-response><command>win_route-null</command><location>local</location><rules_id>18152</rules_id><timeout>600</timeout></active-response>',
    '<active-response><command>firewall-drop</command><location>server</location><level>3</level></active-response>',
  );

  it('writes the six built-in lines, then one line per enabled block', () => {
    expect(arConfLines(policy)).toEqual([
      ...BUILTINS,
      'firewall-drop600 - firewall-drop - 600',
      'win_route-null600 - route-null.exe - 600',
      'firewall-drop0 - firewall-drop - 0',
    ]);
  });

  it('writes only the built-ins without responses', () => {
    expect(arConfLines(policyOf())).toEqual(BUILTINS);
  });

  it('looks names up: configured, built-in (several entries), !script, unknown', () => {
    expect(findArConfEntries(policy, 'firewall-drop600')).toMatchObject([
      { name: 'firewall-drop600', executable: 'firewall-drop', timeout: 600, builtin: false, response: { index: 0 } },
    ]);
    expect(findArConfEntries(policy, 'restart-wazuh0').map((e) => e.executable)).toEqual([
      'restart-ossec.sh',
      'restart-ossec.cmd',
      'restart-wazuh',
      'restart-wazuh.exe',
    ]);
    expect(findArConfEntries(policy, '!custom.sh')).toEqual([
      { name: '!custom.sh', executable: 'custom.sh', timeout: 0, builtin: false, custom: true },
    ]);
    expect(findArConfEntries(policy, 'firewall-drop60')).toEqual([]);
  });
});
