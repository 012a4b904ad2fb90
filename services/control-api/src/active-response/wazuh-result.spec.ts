import { AR_MESSAGES, renderItems } from './wazuh-result';

describe('renderItems (Wazuh AffectedItemsWazuhResult.render)', () => {
  it('all sent: error 0 and the "all" message', () => {
    expect(renderItems(['001'], [], AR_MESSAGES)).toEqual({
      data: { affected_items: ['001'], total_affected_items: 1, total_failed_items: 0, failed_items: [] },
      message: 'AR command was sent to all agents',
      error: 0,
    });
  });

  it('some failed: error 2, failures grouped by code in ascending order with ids sorted numerically', () => {
    const r = renderItems(['001'], [{ id: '010', code: 1707 }, { id: '099', code: 1701 }, { id: '009', code: 1707 }], AR_MESSAGES);
    expect(r.error).toBe(2);
    expect(r.message).toBe('AR command was not sent to some agents');
    expect(r.data.total_failed_items).toBe(3);
    expect(r.data.failed_items).toEqual([
      { error: { code: 1701, message: 'Agent does not exist', remediation: 'Please, use `GET /agents?select=id,name` to find all available agents' }, id: ['099'] },
      { error: expect.objectContaining({ code: 1707, message: 'Cannot send request, agent is not active' }), id: ['009', '010'] },
    ]);
  });

  it('none sent: error 1 and the "none" message; 1650 has no remediation', () => {
    const r = renderItems([], [{ id: '001', code: 1650 }], AR_MESSAGES);
    expect(r.error).toBe(1);
    expect(r.message).toBe('AR command was not sent to any agent');
    expect(r.data.failed_items[0].error).toEqual({ code: 1650, message: 'Active response - Command not specified' });
  });

  it('nothing at all: Wazuh says "not sent to any agent" with error 0', () => {
    const r = renderItems([], [], AR_MESSAGES);
    expect(r).toMatchObject({ message: 'AR command was not sent to any agent', error: 0 });
  });
});
