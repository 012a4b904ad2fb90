import { ConfigError } from '@riposte/contracts';
import { hasRole, TokenTable } from './tokens';
import { mayActOn, outsideScope, withinScope } from './agent-scope';

const json = (tokens: unknown) => JSON.stringify({ tokens });
const table = TokenTable.parse(
  json([
    { name: 'ops', token: 'trigger-token-0123456789', role: 'trigger', agents: ['001'] },
    { name: 'boss', token: 'admin-token-0123456789', role: 'admin' },
  ]),
  'test',
);

describe('TokenTable', () => {
  it('finds the caller of a known token, without the secret', () => {
    const ops = table.lookup('trigger-token-0123456789');
    expect(ops).toEqual({ name: 'ops', role: 'trigger', agents: new Set(['001']) });
    expect(table.lookup('admin-token-0123456789')).toEqual({ name: 'boss', role: 'admin', agents: undefined });
  });
  it.each(['', 'trigger-token-012345678', 'trigger-token-01234567890', 'TRIGGER-TOKEN-0123456789'])('knows nothing of %j', (t) => {
    expect(table.lookup(t)).toBeUndefined();
  });
  it.each([
    ['not JSON', '{', /not JSON/],
    ['no tokens', json([]), /tokens: must list at least one token/],
    ['a short token', json([{ name: 'a', token: 'short', role: 'read' }]), /tokens.0.token: must be at least 16 characters/],
    ['an unknown role', json([{ name: 'a', token: 'x'.repeat(20), role: 'root' }]), /tokens.0.role/],
    ['a bad agent id', json([{ name: 'a', token: 'x'.repeat(20), role: 'read', agents: ['1'] }]), /tokens.0.agents.0/],
    ['a token used twice', json([{ name: 'a', token: 'x'.repeat(20), role: 'read' }, { name: 'b', token: 'x'.repeat(20), role: 'admin' }]), /token of 'b' is used twice/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => TokenTable.parse(text, 'tokens.json')).toThrow(ConfigError);
    expect(() => TokenTable.parse(text, 'tokens.json')).toThrow(message);
  });
});

describe('roles and agent scope', () => {
  it('read ⊂ trigger ⊂ admin', () => {
    expect(hasRole('admin', 'trigger')).toBe(true);
    expect(hasRole('trigger', 'trigger')).toBe(true);
    expect(hasRole('trigger', 'admin')).toBe(false);
    expect(hasRole('read', 'trigger')).toBe(false);
  });
  it('ingest stands apart: only ingest and admin hold it, and it holds nothing else', () => {
    expect(hasRole('ingest', 'ingest')).toBe(true);
    expect(hasRole('admin', 'ingest')).toBe(true);
    for (const other of ['read', 'trigger'] as const) {
      expect(hasRole(other, 'ingest')).toBe(false);
      expect(hasRole('ingest', other)).toBe(false);
    }
    expect(hasRole('ingest', 'admin')).toBe(false);
  });
  it('a scoped token acts on its agents only; an unscoped one on all', () => {
    const ops = table.lookup('trigger-token-0123456789')!;
    const boss = table.lookup('admin-token-0123456789')!;
    expect(mayActOn(ops, '001')).toBe(true);
    expect(outsideScope(ops, ['001', '002', '003'])).toEqual(['002', '003']);
    expect(outsideScope(boss, ['002'])).toEqual([]);
    expect(withinScope(ops, [{ a: '001' }, { a: '002' }], (x) => x.a)).toEqual([{ a: '001' }]);
  });
});
