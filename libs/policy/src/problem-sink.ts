import type { Problem } from './problem';

/** Collects problems for one source, each placed at the line of the element it is about. */
export class ProblemSink {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  constructor(readonly source: string) {}

  error(at: { line?: number }, what: { code: string; message: string }): void {
    this.errors.push({ severity: 'error', source: this.source, line: at.line, ...what });
  }

  warn(at: { line?: number }, what: { code: string; message: string }): void {
    this.warnings.push({ severity: 'warning', source: this.source, line: at.line, ...what });
  }
}
