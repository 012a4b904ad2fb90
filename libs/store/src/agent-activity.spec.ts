import { activeUntil, isAgentActive } from './agent-activity';

describe('agent activity', () => {
  const hb = { at: 10_000, ttlMs: 5_000, status: 'online' as const };

  it('is active while at + ttl > now', () => {
    expect(isAgentActive(hb, 14_999)).toBe(true);
    expect(isAgentActive(hb, 15_000)).toBe(false);
  });

  it('is never active once it said it is stopping', () => {
    expect(activeUntil({ ...hb, status: 'stopping' })).toBeNull();
    expect(isAgentActive({ ...hb, status: 'stopping' }, 10_001)).toBe(false);
  });
});
