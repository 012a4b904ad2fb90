import { topicsFor } from '@riposte/contracts';
import { requireKafka, uniqueName } from '@riposte/testing';
import { BusAdmin } from './bus-admin';
import { commandRetentionFromEnv, commandTopicConfigs, DEFAULT_COMMAND_RETENTION_MS } from './command-retention';

describe('command topic retention (issue 11: a delete must outlive its timeout on the agent topic)', () => {
  it('reads RIPOSTE_COMMAND_RETENTION_MS: 7 days by default, at least an hour, integers only', () => {
    expect(commandRetentionFromEnv({})).toBe(DEFAULT_COMMAND_RETENTION_MS);
    expect(DEFAULT_COMMAND_RETENTION_MS).toBe(604_800_000);
    expect(commandRetentionFromEnv({ RIPOSTE_COMMAND_RETENTION_MS: '1209600000' })).toBe(1_209_600_000);
    for (const bad of ['60000', '1e9', 'week', '-1']) expect(() => commandRetentionFromEnv({ RIPOSTE_COMMAND_RETENTION_MS: bad })).toThrow(/RIPOSTE_COMMAND_RETENTION_MS/);
  });

  it('every command topic created through the admin gets the explicit retention; its dead letters and other topics do not', async () => {
    const kafka = await requireKafka();
    const topics = topicsFor(uniqueName('retention'));
    const admin = new BusAdmin(kafka, { configsFor: commandTopicConfigs(topics, 864_000_000) });
    const created = [topics.exec('001'), topics.dlq(topics.exec('001')), topics.audit];
    try {
      await admin.ensureTopics(created.map((topic) => ({ topic })));
      expect((await admin.topicConfigs(topics.exec('001')))['retention.ms']).toBe('864000000');
      expect((await admin.topicConfigs(topics.dlq(topics.exec('001'))))['retention.ms']).toBeUndefined();
      expect((await admin.topicConfigs(topics.audit))['retention.ms']).toBeUndefined();
    } finally {
      await admin.deleteTopics(created);
    }
  });
});
