import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** How to reach the files of one fixture folder: by path (checked to exist), as text, as JSON. */
export interface FixtureReader {
  /** The path of one file; throws `<missing>: <path>` when it is not there. */
  path(name: string): string;
  text(name: string): string;
  json<T = Record<string, unknown>>(name: string): T;
}

/** A reader of the files in `dir()` (asked at every read, so a folder that is missing fails the read, not the import). */
export function fixtureReader(dir: () => string, missing: string): FixtureReader {
  const reader: FixtureReader = {
    path(name) {
      const file = path.join(dir(), name);
      if (!existsSync(file)) throw new Error(`${missing}: ${file}`);
      return file;
    },
    text: (name) => readFileSync(reader.path(name), 'utf8'),
    json: <T>(name: string) => JSON.parse(reader.text(name)) as T,
  };
  return reader;
}

/** The repository's own test data, in Wazuh's formats: `ok/` and `not-ok/`, one scenario per file. */
export const fixturesDir = path.join(REPO_ROOT, 'libs', 'testing', 'fixtures');

/**
 * The repository's fixtures: `fixture(name)` is the path of one (e.g. `fixture('ok/alerts/sshd-5712.json')`; throws
 * when the file is missing), `readFixture(name)` its text, `fixtureJson(name)` its JSON.
 */
export const { path: fixture, text: readFixture, json: fixtureJson } = fixtureReader(() => fixturesDir, 'fixture not found');

/** One `active-responses.log` line: `<YYYY/MM/DD HH:MM:SS> <argv0>: <msg>`. */
export interface ArLogEntry {
  readonly timestamp: string;
  readonly argv0: string;
  readonly msg: string;
}

/** The entries of an `active-responses.log` text, one per line; throws on a line of another form. */
export function parseArLog(text: string): ArLogEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d) (\S+): (.*)$/.exec(line);
      if (!m) throw new Error(`not an active-responses.log line: ${line}`);
      return { timestamp: m[1], argv0: m[2], msg: m[3] };
    });
}

/** An `active-responses.log` fixture, one entry per line. */
export function arLogFixture(name: string): ArLogEntry[] {
  return parseArLog(readFixture(name));
}

export const repoRoot = REPO_ROOT;
