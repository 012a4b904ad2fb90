/** ossec.conf text for specs that run whole configurations: one element a line, so that line numbers stay countable. */

/** One `<active-response>` block, five lines; `bind` is its binding element, e.g. `<rules_id>5712</rules_id>`. */
export function activeResponseBlock(r: { command: string; location: string; bind: string; timeout: number }): string {
  return [
    '  <active-response>',
    `    <command>${r.command}</command>`,
    `    <location>${r.location}</location>`,
    `    ${r.bind}`,
    `    <timeout>${r.timeout}</timeout>`,
    '  </active-response>',
  ].join('\n');
}

/** `conf` (e.g. a shipped ossec.conf) plus a second `<ossec_config>` that drops srcip locally for 600 s on rule 5712. */
export function withFirewallDrop5712(conf: string): string {
  return `${conf}\n<ossec_config>\n${activeResponseBlock({ command: 'firewall-drop', location: 'local', bind: '<rules_id>5712</rules_id>', timeout: 600 })}\n</ossec_config>`;
}
