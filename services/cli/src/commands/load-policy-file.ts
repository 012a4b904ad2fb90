import { formatProblem, parseOssecConf, type ParseResult } from '@riposte/policy';
import { type CliIo, readInput } from '../cli-io';

/** Reads and parses an ossec.conf; `undefined` after printing why it could not be read. */
export async function loadPolicyFile(io: CliIo, path: string): Promise<ParseResult | undefined> {
  const input = await readInput(io, path, 'configuration');
  if (!input.ok) {
    io.stderr(`riposte: ${input.message}\n`);
    return undefined;
  }
  return parseOssecConf(input.text, path === '-' ? '<stdin>' : path);
}

/** `file:line: (code) message` lines, as a compiler prints them. */
export function problemLines(problems: readonly Parameters<typeof formatProblem>[0][]): string {
  return problems.map((p) => `${formatProblem(p)}\n`).join('');
}
