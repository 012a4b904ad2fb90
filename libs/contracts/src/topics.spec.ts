import { isAgentId, MANAGER_ID } from './agent-id';
import { groupIdsFor } from './group-ids';
import { topicsFor } from './topics';

describe('topics', () => {
  it('builds versioned names under a namespace', () => {
    const t = topicsFor('test-a');
    expect(t.alerts).toBe('test-a.internal.alert.ingested.1');
    expect(t.exec('001')).toBe('test-a.internal.command.1.exec.001');
    expect(t.dlq(t.alerts)).toBe('test-a.internal.alert.ingested.1.dlq');
  });
  it('refuses agent ids that are not Wazuh ids', () => {
    expect(() => topicsFor().exec('../1')).toThrow(/invalid agent id/);
  });
});

describe('consumer group ids', () => {
  it('names one group per consuming role under the namespace', () => {
    const g = groupIdsFor('test-a');
    expect([g.alertIngest, g.matcher, g.registry, g.scheduler, g.executor('001')]).toEqual(['test-a.alert-ingest', 'test-a.matcher', 'test-a.registry', 'test-a.scheduler', 'test-a.executor.001']);
  });
});

describe('agent ids', () => {
  it('accepts Wazuh ids of 3 to 8 digits, the manager included', () => {
    expect([MANAGER_ID, '001', '12345678'].every(isAgentId)).toBe(true);
    expect(['1', '123456789', '00a', '../1'].some(isAgentId)).toBe(false);
  });
});
