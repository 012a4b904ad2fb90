/**
 * One manager-side `<active-response>` block, as `ReadActiveResponses()` reads it [W:src/config/active-response.c]
 * (spec §1.2), in Wazuh's order of checks: options (1230, 1235), disabled, missing command/location (1281, unless
 * `repeated_offenders` is present), location tokens with the defined-agent checks (1304, 1306), no location
 * (1302), unknown command (1303), timeout not allowed (1305).
 */
import { atoi, formatAgentId, strIsNum } from './c-string';
import { OsRegex } from './ossec-regex';
import type { Command, LocationFlags, ResponseBlock } from './policy';
import { WazuhMessages } from './problem';
import type { ProblemSink } from './problem-sink';
import type { XmlElement } from './read-xml';
import { parseRulesId } from './rules-id';

const AS_ONLY = OsRegex.of('AS|analysisd|analysis-server|server');
const REMOTE_AGENT = OsRegex.of('local');
const SPECIFIC_AGENT = OsRegex.of('defined-agent');
const ALL_AGENTS = OsRegex.of('all|any');

export type ReadResponseOutcome =
  | { readonly kind: 'enabled'; readonly block: Omit<ResponseBlock, 'index'> }
  | { readonly kind: 'disabled'; readonly command?: string }
  /** Accepted and ignored: an agent-style block (repeated_offenders only) or a 1306 drop. */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'error'; readonly command?: string };

interface Options {
  command?: XmlElement;
  location?: XmlElement;
  agentId?: XmlElement;
  rulesId?: string;
  rulesGroup?: string;
  level: number;
  timeout?: XmlElement;
  disabled: boolean;
  repeatedOffenders?: string;
}

/**
 * @param findCommand looks a command up among those defined so far (first definition wins).
 * @param isBrokenCommand true for a command name whose own block already failed (its 1303 is not repeated).
 */
export function readActiveResponse(
  el: XmlElement,
  sink: ProblemSink,
  findCommand: (name: string) => Command | undefined,
  isBrokenCommand: (name: string) => boolean,
): ReadResponseOutcome {
  const o = readOptions(el, sink);
  if (!o) return { kind: 'error' };
  const commandName = o.command?.text;
  if (o.disabled) return { kind: 'disabled', command: commandName };
  if (!o.command || o.command.text === '' || !o.location || o.location.text === '') {
    if (o.repeatedOffenders !== undefined) return { kind: 'ignored' };
    sink.error(el, WazuhMessages.responseMissing());
    return { kind: 'error', command: commandName };
  }
  const location = o.location.text;
  const flags: LocationFlags = {
    server: AS_ONLY.test(location),
    local: REMOTE_AGENT.test(location),
    definedAgent: SPECIFIC_AGENT.test(location),
    all: ALL_AGENTS.test(location),
  };
  let definedAgent: string | undefined;
  if (flags.definedAgent) {
    if (!o.agentId) {
      sink.error(el, WazuhMessages.noAgentDefined());
      return { kind: 'error', command: commandName };
    }
    const id = atoi(o.agentId.text);
    if (id === 0) {
      sink.warn(o.agentId, WazuhMessages.agentIdZero());
      return { kind: 'ignored' };
    }
    definedAgent = formatAgentId(id);
  }
  if (!flags.server && !flags.local && !flags.definedAgent && !flags.all) {
    sink.error(o.location, WazuhMessages.invalidLocation(location));
    return { kind: 'error', command: commandName };
  }
  const command = findCommand(o.command.text);
  if (!command) {
    if (!isBrokenCommand(o.command.text)) sink.error(o.command, WazuhMessages.invalidCommand(o.command.text));
    return { kind: 'error', command: commandName };
  }
  let timeout = o.timeout ? atoi(o.timeout.text) : 0;
  if (timeout !== 0 && !command.timeoutAllowed) {
    sink.warn(o.timeout ?? el, WazuhMessages.timeoutNotAllowed(command.name));
    timeout = 0;
  }
  if (o.rulesGroup !== undefined) {
    const compiled = OsRegex.compile(o.rulesGroup);
    if (!compiled.ok) {
      sink.warn(el, {
        code: 'rules_group',
        message: `rules_group '${o.rulesGroup}' is not a valid OS_Regex (${compiled.error}); Wazuh never matches it.`,
      });
    }
  }
  return {
    kind: 'enabled',
    block: {
      name: `${command.name}${timeout}`,
      command,
      location,
      flags,
      agentId: o.agentId?.text,
      definedAgent,
      level: o.level,
      rulesGroup: o.rulesGroup,
      rulesId: o.rulesId,
      ruleIds: o.rulesId === undefined ? [] : parseRulesId(o.rulesId),
      timeout,
      repeatedOffenders: o.repeatedOffenders,
      line: el.line,
    },
  };
}

/** The option loop: every child is checked before anything else, so a bad option fails even a disabled block. */
function readOptions(el: XmlElement, sink: ProblemSink): Options | undefined {
  const o: Options = { level: 0, disabled: false };
  for (const child of el.children) {
    const value = child.text;
    switch (child.name) {
      case 'command':
        o.command = child;
        break;
      case 'location':
        o.location = child;
        break;
      case 'agent_id':
        o.agentId = child;
        break;
      case 'rules_id':
        o.rulesId = value;
        break;
      case 'rules_group':
        o.rulesGroup = value;
        break;
      case 'level': {
        const level = atoi(value);
        if (!strIsNum(value) || level < 0 || level > 20) {
          sink.error(child, WazuhMessages.invalidValue(child.name, value));
          return undefined;
        }
        o.level = level;
        break;
      }
      case 'timeout':
        o.timeout = child;
        break;
      case 'disabled':
        if (value !== 'yes' && value !== 'no') {
          sink.error(child, WazuhMessages.invalidValue(child.name, value));
          return undefined;
        }
        if (value === 'yes') o.disabled = true;
        break;
      case 'repeated_offenders':
        o.repeatedOffenders ??= value;
        break;
      case 'ca_store':
        break;
      default:
        sink.error(child, WazuhMessages.invalidElement(child.name));
        return undefined;
    }
  }
  return o;
}
