import { buildDeleteMessages, readDeleteHeaders, type TimerToUndo } from './delete-command';
import { fromHeaders, HEADER } from './envelope';
import { ContractViolationError } from './errors';
import * as ExecCommandV1 from './exec-command.v1';
import { aSchedule } from './testing/timer-schedule';
import { topicsFor } from './topics';

const topics = topicsFor('unit');
const deleteMessage = {
  version: 1 as const,
  origin: { name: 'node01', module: 'wazuh-analysisd' },
  command: 'delete',
  parameters: { extra_args: [], alert: { id: '1.2', data: { srcip: '10.0.0.7' } }, program: 'active-response/bin/firewall-drop' },
};
const timer = (o: Partial<TimerToUndo['schedule']> = {}): TimerToUndo => ({
  traceId: 'trace-7',
  schedule: aSchedule({ agentId: '003', deleteMessage, ...o }),
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

describe('readDeleteHeaders', () => {
  const { EXEC_HEADER } = ExecCommandV1;

  it('reads back what buildDeleteMessages wrote: rkey, generation, classic arguments', () => {
    const legacyArgs = ['delete', '-', '10.0.0.7', '1.2', '5712', 'sshd', '-'];
    const [del] = buildDeleteMessages(timer({ legacyArgs }), 2_000_000, topics);
    expect(readDeleteHeaders(del.headers!)).toEqual({ rkey: 'firewall-drop-10.0.0.7', generation: 1_000_000, legacyArgs });
  });

  it('reads an operator delete without a generation (it runs whatever the executor holds)', () => {
    expect(readDeleteHeaders({ [EXEC_HEADER.rkey]: 'firewall-drop-10.0.0.7' })).toEqual({ rkey: 'firewall-drop-10.0.0.7' });
    expect(readDeleteHeaders({ [EXEC_HEADER.rkey]: 'k', [EXEC_HEADER.generation]: '' })).toEqual({ rkey: 'k' });
  });

  it.each([
    ['no rkey', {}, /delete without header riposte-rkey/],
    ['a generation that is not epoch ms', { [EXEC_HEADER.rkey]: 'k', [EXEC_HEADER.generation]: '-5' }, /header riposte-generation: not epoch milliseconds/],
    ['a fractional generation', { [EXEC_HEADER.rkey]: 'k', [EXEC_HEADER.generation]: '1.5' }, /not epoch milliseconds/],
    ['arguments that are not JSON', { [EXEC_HEADER.rkey]: 'k', [EXEC_HEADER.legacyArgs]: '[delete' }, /header riposte-legacy-args: not a JSON array of strings/],
    ['arguments that are not all strings', { [EXEC_HEADER.rkey]: 'k', [EXEC_HEADER.legacyArgs]: '["delete", 1]' }, /not a JSON array of strings/],
  ])('refuses %s as a contract violation', (_what, headers, message) => {
    expect(() => readDeleteHeaders(headers)).toThrow(ContractViolationError);
    expect(() => readDeleteHeaders(headers)).toThrow(message);
  });
});
