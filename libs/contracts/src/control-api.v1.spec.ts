import { ControlApiV1 } from './index';

const item = {
  id: 'MDAxOmZpcmV3YWxsLWRyb3AtMS4yLjMuNA',
  agentId: '001',
  response: 'firewall-drop600',
  rkey: 'firewall-drop-1.2.3.4',
  keys: ['1.2.3.4'],
  started: '2026-11-28T15:00:00.000Z',
  expires: '2026-11-28T15:10:00.000Z',
  remainingSeconds: 600,
  timeoutSeconds: 600,
  trigger: { alertId: '1764342000.1', ruleId: '5712' },
  traceId: 't-1',
};

describe('control API response bodies', () => {
  it('accepts a list body and keeps its items', () => {
    const body = { data: { affected_items: [item], total_affected_items: 1 }, message: 'All selected active responses were returned' };
    expect(ControlApiV1.checkResponse(ControlApiV1.ActiveResponseListSchema, body)).toEqual({ ok: true, value: body });
  });

  it('names every field that differs', () => {
    const { lastSeen: _gone, ...agent } = { id: '001', name: 'h', os: 'linux', version: 'v', lastSeen: 'x', status: 'online', active: 'yes', arDisabled: false };
    const body = { data: { affected_items: [agent], total_affected_items: 1 } };
    expect(ControlApiV1.checkResponse(ControlApiV1.AgentListSchema, body)).toEqual({
      ok: false,
      issues: ['data.affected_items.0.lastSeen: Required', 'data.affected_items.0.active: Expected boolean, received string', 'message: Required'],
    });
  });

  it.each([
    [{ data: { affected_items: ['001'], total_affected_items: 1, total_failed_items: 0, failed_items: [] }, message: 'AR command was sent to all agents', error: 0 }, true],
    [{ data: { affected_items: [], total_affected_items: 0, total_failed_items: 1, failed_items: [{ error: { code: 1701, message: 'Agent does not exist' }, id: ['099'] }] }, message: 'm', error: 1 }, true],
    [{ data: { affected_items: [], total_affected_items: 0, total_failed_items: 0, failed_items: [] }, message: 'm', error: 3 }, false],
  ])('a trigger result %j is valid: %s', (body, valid) => {
    expect(ControlApiV1.checkResponse(ControlApiV1.TriggerResultSchema, body).ok).toBe(valid);
  });

  it('a problem document has a title and a detail', () => {
    expect(ControlApiV1.ProblemSchema.safeParse({ title: 'Permission Denied', detail: 'no', error: 4000 }).success).toBe(true);
    expect(ControlApiV1.ProblemSchema.safeParse({ message: 'x' }).success).toBe(false);
  });
});
