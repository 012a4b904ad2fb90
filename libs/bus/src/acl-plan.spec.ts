import { topicsFor } from '@riposte/contracts';
import { aclPlan, type AclRule } from './acl-plan';

describe('aclPlan', () => {
  const t = topicsFor('ns');
  const rules = aclPlan(t, ['001', '002']);
  const of = (principal: string) => rules.filter((r) => r.principal === `User:${principal}`);
  const names = (rs: AclRule[], operation: AclRule['operation'], resource: AclRule['resource'] = 'topic') =>
    rs.filter((r) => r.operation === operation && r.resource === resource).map((r) => r.name).sort();

  it('an agent reads only its own command topic, in its own group, and writes heartbeats, timers, audit and its own dead letters', () => {
    const agent = of('agent-001');
    expect(agent.every((r) => r.pattern === 'literal')).toBe(true);
    expect(names(agent, 'read')).toEqual([t.exec('001')]);
    expect(names(agent, 'read', 'group')).toEqual(['ns.executor.001']);
    expect(names(agent, 'write')).toEqual([t.agents, t.audit, t.dlq(t.exec('001')), t.timers].sort());
  });

  it('only the issuers write command topics, through the command-topic prefix', () => {
    const commandWrites = rules.filter((r) => r.operation === 'write' && r.name.startsWith(t.execPrefix) && !r.name.endsWith('.dlq'));
    expect(commandWrites.map((r) => [r.principal, r.pattern, r.name])).toEqual(
      ['matcher', 'control-api', 'scheduler'].map((p) => [`User:${p}`, 'prefixed', t.execPrefix]),
    );
  });

  it('the matcher reads alerts and heartbeats in its own groups', () => {
    expect(names(of('matcher'), 'read')).toEqual([t.agents, t.alerts].sort());
    expect(names(of('matcher'), 'read', 'group')).toEqual(['ns.matcher', 'ns.registry']);
  });

  it('an operator only reads the audit', () => {
    expect(of('operator').map((r) => [r.operation, r.resource, r.pattern, r.name])).toEqual([
      ['read', 'topic', 'literal', t.audit],
      ['read', 'group', 'prefixed', 'riposte-tail-'],
    ]);
  });

  it('grants only READ and WRITE, so no principal but the super user creates topics', () => {
    expect(new Set(rules.map((r) => r.operation))).toEqual(new Set(['read', 'write']));
    expect(rules.some((r) => r.principal === 'User:admin')).toBe(false);
  });

  it('refuses an invalid agent id', () => {
    expect(() => aclPlan(t, ['1'])).toThrow(/invalid agent id/);
  });
});
