/**
 * The real Wazuh files the conformance suite checks Riposte against (see SOURCES.md in that folder): copies of Wazuh
 * 4.14.7 configuration files, test cases and documentation captures. They are not part of the repository: the folder
 * is `RIPOSTE_WAZUH_FIXTURES`, or else `shared/fixtures/wazuh` beside the repository root (where CI places it).
 * A missing folder fails the suite; it never skips.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fixtureReader, parseArLog, type ArLogEntry } from '@riposte/testing';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BESIDE_REPO = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'wazuh');

/** The folder of the real Wazuh files; throws, naming both places, when it is not there. */
export function wazuhFixturesDir(): string {
  const fromEnv = process.env.RIPOSTE_WAZUH_FIXTURES;
  const dir = fromEnv ? path.resolve(fromEnv) : BESIDE_REPO;
  if (!existsSync(dir)) {
    throw new Error(
      `Wazuh fixtures not found at ${dir}. The conformance suite needs the real Wazuh files: set RIPOSTE_WAZUH_FIXTURES ` +
        `(${fromEnv ? `now '${fromEnv}'` : 'unset'}) or place them at ${BESIDE_REPO}.`,
    );
  }
  return dir;
}

/**
 * The real files: `wazuhFixturePath(name)` is the path of one (e.g. `wazuhFixturePath('wazuh__etc__ossec-server.conf')`;
 * throws when it is missing), `wazuhFixture(name)` its text, `wazuhFixtureJson(name)` its JSON.
 */
export const { path: wazuhFixturePath, text: wazuhFixture, json: wazuhFixtureJson } = fixtureReader(wazuhFixturesDir, 'Wazuh fixture missing');

/** The real add/delete capture of the Shellshock lab, one entry per line: timestamp, argv0, message. */
export function shellshockLog(): ArLogEntry[] {
  return parseArLog(wazuhFixture('wazuh-documentation__learning-wazuh__shellshock.rst__active-responses.log'));
}

/** The real sshd brute-force alert (rule 5712, agent 000) of Wazuh's integratord tests, as one alerts.json line. */
export const SSHD_ALERT = 'DERIVED__alert-sshd-5712__from-integratord-test.json';
/** The literals of test_execd.c's test_ExecdStart_ok: analysisd→execd, execd→script, check_keys, continue. */
export const EXECD_MESSAGES = 'DERIVED__wazuh__src__unit_tests__os_execd__test_execd.c__test_ExecdStart_ok__messages.json';
