/**
 * The agent-side `<active-response>` settings execd reads from its own `ossec.conf` (spec §1.3, `ExecdConfig()`
 * [W:src/os_execd/config.c]):
 *
 * - `disabled`: the FIRST `<disabled>` of any `<active-response>` block in document order; `yes` or `no`, anything
 *   else is (1235) and execd exits; default enabled.
 * - `repeated_offenders`: the first block that has it; `OS_StrBreak(',', s, 5)`, leading spaces/tabs skipped,
 *   empty pieces skipped, `atoi`, and a value of 0 ends the list. Minutes.
 */
import { atoi, strBreak } from './c-string';
import { OssecConfigError } from './config-error';
import { WazuhMessages } from './problem';
import { ProblemSink } from './problem-sink';
import { type XmlElement, readXml } from './read-xml';

export interface AgentArConfig {
  readonly disabled: boolean;
  /** Escalation steps in minutes (at most 5), as execd uses them. */
  readonly repeatedOffenders: readonly number[];
}

/** @throws OssecConfigError when the XML is broken or `<disabled>` is neither `yes` nor `no`. */
export function parseAgentArConfig(xml: string, source: string): AgentArConfig {
  const read = readXml(xml, source);
  if (!read.ok) throw new OssecConfigError([read.problem]);
  const blocks = read.roots
    .filter((r) => r.name === 'ossec_config')
    .flatMap((r) => r.children.filter((c) => c.name === 'active-response'));
  const disabledEl = firstChild(blocks, 'disabled');
  if (disabledEl && disabledEl.text !== 'yes' && disabledEl.text !== 'no') {
    const sink = new ProblemSink(source);
    sink.error(disabledEl, WazuhMessages.invalidValue('disabled', disabledEl.text));
    throw new OssecConfigError(sink.errors);
  }
  const repeated = firstChild(blocks, 'repeated_offenders');
  return {
    disabled: disabledEl?.text === 'yes',
    repeatedOffenders: repeated ? parseRepeatedOffenders(repeated.text) : [],
  };
}

/** execd's loop over `OS_StrBreak(',', value, 5)`, then the list as read back (up to the first 0). */
export function parseRepeatedOffenders(value: string): number[] {
  const stored: number[] = [];
  for (const piece of strBreak(',', value, 5)) {
    const trimmed = piece.replace(/^[ \t]+/, '');
    if (trimmed === '') continue;
    stored.push(atoi(trimmed));
    if (stored.length >= 6) break;
  }
  const zero = stored.indexOf(0);
  return zero < 0 ? stored : stored.slice(0, zero);
}

function firstChild(blocks: readonly XmlElement[], name: string): XmlElement | undefined {
  for (const b of blocks) {
    const hit = b.children.find((c) => c.name === name);
    if (hit) return hit;
  }
  return undefined;
}
