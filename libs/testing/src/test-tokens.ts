import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** One bearer token of each role, for specs (never used by anything live). */
export const TEST_TOKENS = {
  admin: 'test-admin-token-0123456789',
  trigger: 'test-trigger-token-0123456789',
  read: 'test-read-token-0123456789',
  ingest: 'test-ingest-token-0123456789',
} as const;

export type TestTokenRole = keyof typeof TEST_TOKENS;

/** `{"tokens":[…]}` with `roles` (default: every role), in the control API's token format. */
export function testTokensJson(roles: readonly TestTokenRole[] = Object.keys(TEST_TOKENS) as TestTokenRole[]): string {
  return JSON.stringify({ tokens: roles.map((role) => ({ name: `test-${role}`, token: TEST_TOKENS[role], role })) });
}

/** Writes {@link testTokensJson} to a fresh temporary file (mode 0600) and returns its path. */
export function writeTestTokensFile(roles?: readonly TestTokenRole[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'riposte-tokens-')), 'tokens.json');
  writeFileSync(file, testTokensJson(roles), { mode: 0o600 });
  return file;
}

/** The `authorization` header of a test token. */
export const bearer = (role: TestTokenRole): { authorization: string } => ({ authorization: `Bearer ${TEST_TOKENS[role]}` });
