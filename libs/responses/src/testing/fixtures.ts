import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file is `libs/responses/src/testing/fixtures.ts`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The Wazuh fixtures: `shared/` beside the clone, as CI lays it out. */
export const WAZUH_FIXTURES = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'wazuh');

/** The text of one fixture file. */
export function readFixture(name: string): string {
  const file = path.join(WAZUH_FIXTURES, name);
  if (!fs.existsSync(file)) throw new Error(`Wazuh fixture missing: ${file} (shared/ must sit beside the repository)`);
  return fs.readFileSync(file, 'utf8');
}

/** The real add/delete capture of the shellshock lab, one entry per line: timestamp, argv0, message. */
export function shellshockLog(): { timestamp: string; argv0: string; msg: string }[] {
  return readFixture('wazuh-documentation__learning-wazuh__shellshock.rst__active-responses.log')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d) (\S+): (.*)$/.exec(line);
      if (!m) throw new Error(`not an active-responses.log line: ${line}`);
      return { timestamp: m[1], argv0: m[2], msg: m[3] };
    });
}
