import { ExecCommandV1, fromHeaders, HEADER, topicsFor } from '@riposte/contracts';
import { buildDeleteMessages } from './build-delete-messages';
import type { StoredTimer } from './stored-timer';

const topics = topicsFor('unit');
const deleteMessage = {
  version: 1 as const,
  origin: { name: 'node01', module: 'wazuh-analysisd' },
  command: 'delete',
  parameters: { extra_args: [], alert: { id: '1.2', data: { srcip: '10.0.0.7' } }, program: 'active-response/bin/firewall-drop' },
};
const timer = (o: Partial<StoredTimer['schedule']> = {}): StoredTimer => ({
  traceId: 'trace-7',
  schedule: {
    type: 'schedule',
    agentId: '003',
    rkey: 'firewall-drop-10.0.0.7',
    arName: 'firewall-drop600',
    deleteMessage,
    keys: ['10.0.0.7'],
    addedAt: 1_000_000,
    timeoutSeconds: 600,
    trigger: { alertId: '1.2', ruleId: '5712' },
    ...o,
  },
});

describe('buildDeleteMessages', () => {
  describe('when the timeout passed', () => {
    const now = 1_600_251;
    const [del, audit] = buildDeleteMessages(timer(), now, topics);

    it('sends the stored delete unchanged to the agent topic, keyed by agent id', () => {
      expect(del.topic).toBe(topics.exec('003'));
      expect(del.key).toBe('003');
      expect(del.value).toEqual(deleteMessage);
    });

    it('gives the delete a new envelope with the schedule trace id and no expiry', () => {
      const e = fromHeaders(del.headers!);
      expect(e).toMatchObject({ traceId: 'trace-7', type: ExecCommandV1.TYPE_DELETE, issuedAt: now, expiresAt: undefined });
      expect(del.headers![HEADER.expiresAt]).toBeUndefined();
    });

    it('names the rkey and the generation, and no legacy arguments when there are none', () => {
      expect(del.headers![ExecCommandV1.EXEC_HEADER.rkey]).toBe('firewall-drop-10.0.0.7');
      expect(del.headers![ExecCommandV1.EXEC_HEADER.generation]).toBe('1000000');
      expect(del.headers![ExecCommandV1.EXEC_HEADER.legacyArgs]).toBeUndefined();
    });

    it('audits timer.fired with its lateness on the audit topic, same trace', () => {
      expect(audit.topic).toBe(topics.audit);
      expect(audit.key).toBe('003');
      expect(audit.headers![HEADER.traceId]).toBe('trace-7');
      expect(audit.value).toMatchObject({
        type: 'timer.fired',
        at: now,
        service: 'scheduler',
        agentId: '003',
        alertId: '1.2',
        ruleId: '5712',
        arName: 'firewall-drop600',
        rkey: 'firewall-drop-10.0.0.7',
        detail: { generation: 1_000_000, dueAt: 1_600_001, latenessMs: 250, early: false },
      });
    });
  });

  it('passes the classic arguments of a command-line script as JSON (deviation f)', () => {
    const legacyArgs = ['delete', '-', '10.0.0.7', '1.2', '5712', 'sshd', '-'];
    const [del] = buildDeleteMessages(timer({ legacyArgs }), 2_000_000, topics);
    expect(JSON.parse(del.headers![ExecCommandV1.EXEC_HEADER.legacyArgs])).toEqual(legacyArgs);
  });

  it('audits an early unblock as manual.unblocked with the operator', () => {
    const [, audit] = buildDeleteMessages(timer(), 1_100_000, topics, { auditType: 'manual.unblocked', actor: 'alice', service: 'control-api' });
    expect(audit.value).toMatchObject({ type: 'manual.unblocked', actor: 'alice', service: 'control-api', detail: { latenessMs: 0, early: true } });
  });

  it('gives every delete its own message id', () => {
    const a = buildDeleteMessages(timer(), 2_000_000, topics)[0].headers![HEADER.messageId];
    const b = buildDeleteMessages(timer(), 2_000_000, topics)[0].headers![HEADER.messageId];
    expect(a).not.toBe(b);
  });
});
