import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TokenTable } from './tokens';

/**
 * `deploy/examples/tokens.json` documents the format only: it parses (so the example stays true), and none of its
 * placeholders can ever be presented as a bearer token (they hold spaces, which `Bearer <token>` cannot carry).
 */
describe('deploy/examples/tokens.json', () => {
  const file = path.resolve(__dirname, '../../../../deploy/examples/tokens.json');
  const text = readFileSync(file, 'utf8');

  it('is a valid tokens file with every role', () => {
    expect(TokenTable.parse(text, file).size).toBe(5);
    expect(new Set((JSON.parse(text) as { tokens: { role: string }[] }).tokens.map((t) => t.role))).toEqual(new Set(['admin', 'trigger', 'read', 'ingest']));
  });

  it('holds placeholders only: no token could be sent in an Authorization header', () => {
    for (const t of (JSON.parse(text) as { tokens: { token: string }[] }).tokens) expect(t.token).toMatch(/\s/);
  });
});
