import type { AgentHeartbeat } from '@riposte/contracts';
import { boundHeartbeat } from './bound-heartbeat';

const NOW = 1_800_000_000_000;
const hb = (o: Partial<AgentHeartbeat> = {}): AgentHeartbeat => ({ agentId: '001', name: 'web-1', os: 'linux', version: '1', status: 'online', arDisabled: false, at: NOW - 10, ttlMs: 15_000, ...o });

describe('boundHeartbeat', () => {
  it('keeps an ordinary heartbeat as it is', () => {
    expect(boundHeartbeat(hb(), NOW, 600_000)).toEqual(hb());
  });

  it('clamps an at in the future to the receive time (at = 9e15 cannot lock out later heartbeats)', () => {
    expect(boundHeartbeat(hb({ at: 9e15 }), NOW, 600_000).at).toBe(NOW);
  });

  it('keeps an older at older, so a replayed heartbeat does not overwrite a newer one', () => {
    expect(boundHeartbeat(hb({ at: NOW - 5000 }), NOW, 600_000).at).toBe(NOW - 5000);
  });

  it('caps the TTL (no agent is active for ever)', () => {
    expect(boundHeartbeat(hb({ ttlMs: Number.MAX_SAFE_INTEGER }), NOW, 600_000).ttlMs).toBe(600_000);
  });
});
