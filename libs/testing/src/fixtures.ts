import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The repository's own test data, in Wazuh's formats: `ok/` and `not-ok/`, one scenario per file. */
export const fixturesDir = path.join(REPO_ROOT, 'libs', 'testing', 'fixtures');

/** The path of one fixture, e.g. `fixture('ok/alerts/sshd-5712.json')`; throws when the file is missing. */
export function fixture(name: string): string {
  const file = path.join(fixturesDir, name);
  if (!existsSync(file)) throw new Error(`fixture not found: ${file}`);
  return file;
}

export function readFixture(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}

/** One `active-responses.log` line: `<YYYY/MM/DD HH:MM:SS> <argv0>: <msg>`. */
export interface ArLogEntry {
  readonly timestamp: string;
  readonly argv0: string;
  readonly msg: string;
}

/** An `active-responses.log` fixture, one entry per line. */
export function arLogFixture(name: string): ArLogEntry[] {
  return readFixture(name)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d) (\S+): (.*)$/.exec(line);
      if (!m) throw new Error(`not an active-responses.log line: ${line}`);
      return { timestamp: m[1], argv0: m[2], msg: m[3] };
    });
}

export const repoRoot = REPO_ROOT;
