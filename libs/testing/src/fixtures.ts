import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The real Wazuh files live in `shared/fixtures/wazuh` beside the repository (CI places a copy of shared/ beside
 * its fresh clone). `RIPOSTE_FIXTURES` overrides the folder.
 */
export function fixturesDir(): string {
  const candidates = [process.env.RIPOSTE_FIXTURES, path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'wazuh')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(`Wazuh fixtures not found; looked in ${candidates.filter(Boolean).join(', ')} (set RIPOSTE_FIXTURES)`);
}

export function fixturePath(name: string): string {
  return path.join(fixturesDir(), name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The real sshd brute-force alert (rule 5712, agent 000) from Wazuh's integratord tests. */
export function sshdBruteForceAlert(): Record<string, unknown> {
  return JSON.parse(readFixture('DERIVED__alert-sshd-5712__from-integratord-test.json'));
}

export const repoRoot = REPO_ROOT;
