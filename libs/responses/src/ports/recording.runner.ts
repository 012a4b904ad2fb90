import type { CommandResult, CommandRunner, RunOptions } from './command-runner';

/** One recorded call: the file, its argv (without the file) and the stdin it was given. */
export interface RecordedCall {
  readonly file: string;
  readonly args: readonly string[];
  readonly stdin?: string;
}

/** Decides what a recorded command returns; unspecified fields default to success with empty output. */
export type RecordingResponder = (call: RecordedCall) => Partial<CommandResult> | undefined;

export interface RecordingRunner extends CommandRunner {
  readonly calls: RecordedCall[];
  /** The calls as `file arg1 arg2` strings, handy for comparing with the golden commands of spec §4. */
  lines(): string[];
}

/** A runner for unit tests: records every call and runs nothing. */
export function createRecordingRunner(respond: RecordingResponder = () => undefined): RecordingRunner {
  const calls: RecordedCall[] = [];
  return {
    calls,
    lines: () => calls.map((c) => [c.file, ...c.args].join(' ')),
    async run(file: string, args: readonly string[], opts?: RunOptions): Promise<CommandResult> {
      const call: RecordedCall = opts?.stdin === undefined ? { file, args: [...args] } : { file, args: [...args], stdin: opts.stdin };
      calls.push(call);
      return { code: 0, stdout: '', stderr: '', ...respond(call) };
    },
  };
}
