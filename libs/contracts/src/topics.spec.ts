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
