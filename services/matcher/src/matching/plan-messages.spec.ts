import { ExecCommandV1, HEADER, topicsFor, type AuditEvent, type Envelope, type OutgoingMessage } from '@riposte/contracts';
import { decide, expectFields } from '@riposte/policy';
import { anAlert } from '@riposte/testing';
import { readPolicy, type PolicySnapshot } from '../policy/read-policy';
import { smallConf } from '../testing/ossec-confs';
import { commandTargets, planMessages } from './plan-messages';

const topics = topicsFor('unit');
const NOW = 1_700_000_000_000;
const envelope: Envelope = { messageId: 'alert-msg', issuedAt: NOW - 50, expiresAt: NOW + 60_000, traceId: 'trace-1', type: 'alert.ingested' };

function policy(conf = smallConf()): PolicySnapshot {
  const reading = readPolicy(conf, 'test.conf', NOW);
  if (!reading.ok) throw new Error(reading.problems.join('\n'));
  return reading.snapshot;
}

/** Every agent id of these specs is enrolled unless `enrolled` says otherwise. */
const EVERYONE = new Set(['000', '001', '002', '003', '004', '005']);

function plan(alert: ReturnType<typeof anAlert>, o: { agents?: string[]; env?: Envelope; auditUnmatched?: boolean; enrolled?: ReadonlySet<string> } = {}): OutgoingMessage[] {
  let n = 0;
  const decision = decide(alert, policy().compiled, o.agents ?? []);
  return planMessages({ alert, envelope: o.env ?? envelope, decision, topics, now: NOW, enrolled: o.enrolled ?? EVERYONE, auditUnmatched: o.auditUnmatched, newId: () => `id-${++n}` });
}

const audits = (out: OutgoingMessage[]) => out.filter((m) => m.topic === topics.audit).map((m) => m.value as AuditEvent);
const commands = (out: OutgoingMessage[]) => out.filter((m) => m.topic.startsWith(topics.execPrefix));

describe('planMessages', () => {
  describe('when a local response binds to an alert of agent 001', () => {
    const alert = anAlert({ agentId: '001', srcip: '172.17.1.1' });
    const out = plan(alert);

    it('sends the Wazuh AR message v1, exactly as the policy built it, to agent 001 keyed by its id', () => {
      const [cmd] = commands(out);
      expect(commands(out)).toHaveLength(1);
      expect(cmd.topic).toBe(topics.exec('001'));
      expect(cmd.key).toBe('001');
      expect(cmd.value).toEqual({
        version: 1,
        origin: { name: 'undefined', module: 'wazuh-analysisd' },
        command: 'firewall-drop600',
        parameters: { extra_args: [], alert },
      });
    });

    it('carries a new envelope with the alert trace id and expiry, and the resolution', () => {
      const { headers = {} } = commands(out)[0];
      expect(headers[HEADER.type]).toBe(ExecCommandV1.TYPE_ADD);
      expect(headers[HEADER.traceId]).toBe('trace-1');
      expect(headers[HEADER.expiresAt]).toBe(String(NOW + 60_000));
      expect(headers[HEADER.issuedAt]).toBe(String(NOW));
      expect(headers[HEADER.messageId]).toBe('id-1');
      expect(ExecCommandV1.readResolution(headers)).toEqual({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600 });
    });

    it('audits alert.dispatched with alert, rule, response, target and explanation', () => {
      expect(audits(out)).toEqual([
        {
          type: 'alert.dispatched',
          at: NOW,
          service: 'matcher',
          alertId: alert.id,
          ruleId: '5712',
          agentId: '001',
          arName: 'firewall-drop600',
          detail: expect.objectContaining({ target: '001', location: 'local', command: 'firewall-drop', timeout: 600, explanation: expect.stringContaining('rule 5712 in rules_id') }),
        },
      ]);
      expect(out.find((m) => m.topic === topics.audit)?.headers?.[HEADER.traceId]).toBe('trace-1');
    });

    it('names agent 001 as the only command target', () => {
      expect(commandTargets(out, topics)).toEqual(['001']);
    });
  });

  describe('when the alert envelope has no expiry', () => {
    it('sends a command that does not expire either', () => {
      const out = plan(anAlert({ agentId: '001' }), { env: { ...envelope, expiresAt: undefined } });
      expect(commands(out)[0].headers).not.toHaveProperty(HEADER.expiresAt);
    });
  });

  describe('when an all response binds', () => {
    it('sends one command to each active agent and to the manager (deviation e)', () => {
      const out = plan(anAlert({ agentId: '001', ruleId: '100003' }), { agents: ['002', '001'] });
      expect(commands(out).map((m) => m.topic)).toEqual(['000', '001', '002'].map((id) => topics.exec(id)));
      expect(audits(out).map((a) => [a.type, a.agentId, a.arName])).toEqual(['000', '001', '002'].map((id) => ['alert.dispatched', id, 'restart-wazuh0']));
    });
  });

  describe('when the target agent is not enrolled (issue 10: alerts created a topic for any agent id)', () => {
    it('sends no command, so no topic is created, and audits alert.unknown-agent', () => {
      const alert = anAlert({ agentId: '4242' });
      const out = plan(alert, { enrolled: new Set(['001']) });
      expect(commands(out)).toEqual([]);
      expect(commandTargets(out, topics)).toEqual([]);
      expect(audits(out)).toEqual([
        expect.objectContaining({ type: 'alert.unknown-agent', alertId: alert.id, agentId: '4242', arName: 'firewall-drop600', reason: 'not enrolled', detail: expect.objectContaining({ target: '4242', location: 'local' }) }),
      ]);
    });

    it('drops the manager 000 too when it has no key, and still sends to the enrolled agents of an all response', () => {
      const out = plan(anAlert({ agentId: '001', ruleId: '100003' }), { agents: ['001', '002'], enrolled: new Set(['001', '002']) });
      expect(commands(out).map((m) => m.topic)).toEqual([topics.exec('001'), topics.exec('002')]);
      expect(audits(out).map((a) => [a.type, a.agentId])).toEqual([
        ['alert.unknown-agent', '000'],
        ['alert.dispatched', '001'],
        ['alert.dispatched', '002'],
      ]);
    });
  });

  describe('when the command declares <expect>', () => {
    it('puts the expected fields in the resolution (deviation f)', () => {
      const [cmd] = commands(plan(anAlert({ agentId: '003', ruleId: '100004' })));
      expect(ExecCommandV1.readResolution(cmd.headers ?? {})).toEqual({ arName: 'legacy-block0', executable: 'legacy-block.sh', timeoutSeconds: 0, expect: ['srcip', 'user'] });
    });

    it('reads an empty <expect/> as present with no field', () => {
      expect(expectFields('')).toEqual([]);
      expect(expectFields(' srcip ,,user')).toEqual(['srcip', 'user']);
    });
  });

  describe('when the srcip is white-listed', () => {
    it('sends no command and audits alert.suppressed with the reason', () => {
      const alert = anAlert({ agentId: '001', srcip: '10.0.0.2' });
      const out = plan(alert);
      expect(commands(out)).toEqual([]);
      expect(audits(out)).toEqual([
        expect.objectContaining({ type: 'alert.suppressed', alertId: alert.id, ruleId: '5712', agentId: '001', arName: 'firewall-drop600', reason: 'whitelisted' }),
      ]);
    });
  });

  describe('when no response binds', () => {
    const alert = anAlert({ agentId: '001', ruleId: '1' });

    it('publishes nothing by default', () => {
      expect(plan(alert)).toEqual([]);
    });

    it('audits alert.unmatched when asked to', () => {
      expect(audits(plan(alert, { auditUnmatched: true }))).toEqual([expect.objectContaining({ type: 'alert.unmatched', alertId: alert.id, agentId: '001' })]);
    });
  });

  describe('when the alert envelope has expired', () => {
    it('sends no command and audits command.skipped with reason expired', () => {
      const alert = anAlert({ agentId: '001' });
      const out = plan(alert, { env: { ...envelope, expiresAt: NOW - 1 } });
      expect(commands(out)).toEqual([]);
      expect(audits(out)).toEqual([expect.objectContaining({ type: 'command.skipped', reason: 'expired', alertId: alert.id, agentId: '001' })]);
      expect(commandTargets(out, topics)).toEqual([]);
    });
  });
});
