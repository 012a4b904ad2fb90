/**
 * Reads a whole manager `ossec.conf` (spec §1): every `<ossec_config>` root in order; `<command>` and
 * `<active-response>` in document order (a response only sees the commands defined before it); `<white_list>`
 * from every `<global>`; `<node_name>` from `<cluster>`. Every other section is ignored.
 *
 * A file with any error yields no policy at all, only the problems (Wazuh refuses to start); warnings are the
 * messages Wazuh logs and goes on (1305, 1306, `<expect>` deprecated).
 */
import type { Command, DisabledBlock, Policy, ResponseBlock } from './policy';
import { type Problem, WazuhMessages } from './problem';
import { ProblemSink } from './problem-sink';
import { readActiveResponse } from './read-active-response';
import { readCommand } from './read-command';
import { type XmlElement, readXml } from './read-xml';
import { parseWhitelistEntry, type WhitelistEntry } from './whitelist';

export type ParseResult =
  | { readonly ok: true; readonly policy: Policy; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly errors: readonly Problem[]; readonly warnings: readonly Problem[] };

export function parseOssecConf(xml: string, source: string): ParseResult {
  const read = readXml(xml, source);
  if (!read.ok) return { ok: false, errors: [read.problem], warnings: [] };
  const sink = new ProblemSink(source);
  const state = new ConfigState();
  for (const root of read.roots) {
    if (root.name !== 'ossec_config') {
      sink.error(root, WazuhMessages.invalidElement(root.name));
      continue;
    }
    for (const section of root.children) readSection(section, sink, state);
  }
  if (sink.errors.length > 0) return { ok: false, errors: sink.errors, warnings: sink.warnings };
  const policy: Policy = {
    source,
    nodeName: state.nodeName ?? 'undefined',
    commands: state.commands,
    responses: state.responses,
    disabled: state.disabled,
    whitelist: { entries: state.whitelist },
  };
  return { ok: true, policy, warnings: sink.warnings };
}

class ConfigState {
  readonly commands: Command[] = [];
  readonly responses: ResponseBlock[] = [];
  readonly disabled: DisabledBlock[] = [];
  readonly whitelist: WhitelistEntry[] = [];
  /** Names of commands whose block failed, so that responses naming them do not repeat the error as 1303. */
  readonly brokenCommands = new Set<string>();
  nodeName?: string;

  findCommand = (name: string): Command | undefined => this.commands.find((c) => c.name === name);
  isBrokenCommand = (name: string): boolean => this.brokenCommands.has(name);
}

function readSection(section: XmlElement, sink: ProblemSink, state: ConfigState): void {
  switch (section.name) {
    case 'command': {
      const { command, name } = readCommand(section, sink);
      if (command) state.commands.push(command);
      else if (name !== undefined) state.brokenCommands.add(name);
      return;
    }
    case 'active-response': {
      const outcome = readActiveResponse(section, sink, state.findCommand, state.isBrokenCommand);
      if (outcome.kind === 'enabled') state.responses.push({ ...outcome.block, index: state.responses.length });
      else if (outcome.kind === 'disabled') state.disabled.push({ command: outcome.command, line: section.line });
      return;
    }
    case 'global':
      for (const child of section.children) {
        if (child.name !== 'white_list') continue;
        const parsed = parseWhitelistEntry(child.text);
        if (parsed.ok) state.whitelist.push(parsed.entry);
        else sink.error(child, { code: parsed.code, message: parsed.message });
      }
      return;
    case 'cluster':
      for (const child of section.children) if (child.name === 'node_name') state.nodeName = child.text;
      return;
    default:
      return;
  }
}
