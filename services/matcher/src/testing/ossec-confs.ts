/**
 * Small manager ossec.conf files for the matcher's tests (test-only helper; production code never imports it).
 * Rule ids pick the response: 5712 (the fixtures' sshd alert) → local, 100001 → server, 100002 → defined-agent 002,
 * 100003 → all, 100004 → a command-line script (`<expect>`).
 */
import { readFixture } from '@riposte/testing';

export const COMMANDS = `
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>host-deny</name><executable>host-deny</executable><timeout_allowed>yes</timeout_allowed><extra_args>-v  --quiet</extra_args></command>
  <command><name>route-null</name><executable>route-null</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>restart-wazuh</name><executable>restart-wazuh</executable></command>
  <command><name>legacy-block</name><executable>legacy-block.sh</executable><expect>srcip, user</expect></command>`;

export const RESPONSES = `
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>
  <active-response><command>host-deny</command><location>server</location><rules_id>100001</rules_id><timeout>60</timeout></active-response>
  <active-response><command>route-null</command><location>defined-agent</location><agent_id>2</agent_id><rules_id>100002</rules_id></active-response>
  <active-response><command>restart-wazuh</command><location>all</location><rules_id>100003</rules_id></active-response>`;

/** Needs the `legacy-block` command, which Wazuh's shipped conf does not define. */
export const LEGACY_RESPONSE = `
  <active-response><command>legacy-block</command><location>local</location><rules_id>100004</rules_id></active-response>`;

/** A hand-written conf: white list 10.0.0.2, the commands above, and `responses` (default: all five). */
export function smallConf(responses = RESPONSES + LEGACY_RESPONSE, whitelist = ['10.0.0.2']): string {
  const global = whitelist.map((w) => `<white_list>${w}</white_list>`).join('');
  return `<ossec_config>\n  <global>${global}</global>${COMMANDS}${responses}\n</ossec_config>\n`;
}

/**
 * The fixtures' default manager ossec.conf (white list 127.0.0.1, ^localhost.localdomain$, 10.0.0.2; commands
 * firewall-drop, host-deny, …; no cluster) with `responses` added before its closing tag.
 */
export function serverConf(responses: string): string {
  const text = readFixture('ok/ossec-conf/manager.conf');
  const end = text.lastIndexOf('</ossec_config>');
  return `${text.slice(0, end)}${responses}\n${text.slice(end)}`;
}
