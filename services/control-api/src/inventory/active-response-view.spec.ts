import type { TimerView } from '@riposte/store';
import { decodeItemId, encodeItemId, matchesKey, toItem } from './active-response-view';

const view: TimerView = {
  agentId: '001',
  rkey: 'firewall-drop-1.2.3.4',
  arName: 'firewall-drop600',
  keys: ['1.2.3.4'],
  started: Date.UTC(2026, 10, 28, 15, 0, 0),
  expires: Date.UTC(2026, 10, 28, 15, 10, 0) + 1,
  remainingMs: 299_001,
  timeoutSeconds: 600,
  trigger: { alertId: '1.2', ruleId: '5712' },
  traceId: 't',
};

describe('active response items', () => {
  it('show times in ISO 8601 and the remaining whole seconds rounded up', () => {
    expect(toItem(view)).toEqual({
      id: encodeItemId('001', 'firewall-drop-1.2.3.4'),
      agentId: '001',
      response: 'firewall-drop600',
      rkey: 'firewall-drop-1.2.3.4',
      keys: ['1.2.3.4'],
      started: '2026-11-28T15:00:00.000Z',
      expires: '2026-11-28T15:10:00.001Z',
      remainingSeconds: 300,
      timeoutSeconds: 600,
      trigger: { alertId: '1.2', ruleId: '5712' },
      traceId: 't',
    });
  });

  it('have url-safe ids that decode back to agent and rkey, whatever the rkey holds', () => {
    for (const rkey of ['firewall-drop-1.2.3.4', 'host-deny-::1', 'x/y?z=1&é']) {
      const id = encodeItemId('002', rkey);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeItemId(id)).toEqual({ agentId: '002', rkey });
    }
  });

  it.each(['', 'not base64!', Buffer.from('abc').toString('base64url'), Buffer.from('x1:rkey').toString('base64url'), Buffer.from('001:').toString('base64url')])(
    'refuse id %j',
    (id) => {
      expect(decodeItemId(id)).toBeUndefined();
    },
  );

  it('match a key filter on the rkey or one of the keys', () => {
    expect(matchesKey(view, undefined)).toBe(true);
    expect(matchesKey(view, '1.2.3.4')).toBe(true);
    expect(matchesKey(view, 'firewall-drop-1.2.3.4')).toBe(true);
    expect(matchesKey(view, '1.2.3.5')).toBe(false);
  });
});
