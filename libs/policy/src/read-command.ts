/**
 * One `<command>` block, as `ReadActiveCommands()` reads it [W:src/config/active-response.c] (spec §1.1).
 */
import type { Command } from './policy';
import { WazuhMessages } from './problem';
import type { ProblemSink } from './problem-sink';
import type { XmlElement } from './read-xml';

/** The command, or undefined after reporting the (fatal) problem. `name` is returned when known, for context. */
export function readCommand(el: XmlElement, sink: ProblemSink): { command?: Command; name?: string } {
  let name: string | undefined;
  let executable: string | undefined;
  let timeoutAllowed = false;
  let extraArgs: string | undefined;
  let expect: string | undefined;
  for (const child of el.children) {
    const value = child.text;
    switch (child.name) {
      case 'name':
        if (value.startsWith('!')) {
          sink.error(child, WazuhMessages.invalidValue(child.name, value));
          return { name: value };
        }
        name = value;
        break;
      case 'expect':
        expect = value;
        sink.warn(child, WazuhMessages.expectDeprecated());
        break;
      case 'executable':
        executable = value;
        break;
      case 'timeout_allowed':
        if (value !== 'yes' && value !== 'no') {
          sink.error(child, WazuhMessages.invalidValue(child.name, value));
          return { name };
        }
        timeoutAllowed = value === 'yes';
        break;
      case 'extra_args':
        extraArgs = value;
        break;
      default:
        sink.error(child, WazuhMessages.invalidElement(child.name));
        return { name };
    }
  }
  if (name === undefined || executable === undefined) {
    sink.error(el, WazuhMessages.commandMissing());
    return { name };
  }
  return { command: { name, executable, timeoutAllowed, extraArgs, expect, line: el.line }, name };
}
