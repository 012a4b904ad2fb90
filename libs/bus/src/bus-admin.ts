import { AclOperationTypes, ConfigResourceTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Admin, type Kafka } from 'kafkajs';
import type { AclRule } from './acl-plan';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  /** Topic configs, e.g. `{ 'retention.ms': '604800000' }`. */
  configEntries?: Record<string, string>;
}

export interface BusAdminOptions {
  /**
   * Configs every topic of that name gets when this admin creates it (e.g. the command topics' retention,
   * `commandTopicConfigs`), whoever asks for it. A spec's own `configEntries` win.
   */
  readonly configsFor?: (topic: string) => Record<string, string> | undefined;
}

/** Topic administration: create what is missing (waiting for leaders), describe, probe the cluster. */
export class BusAdmin {
  constructor(
    private readonly kafka: Kafka,
    private readonly options: BusAdminOptions = {},
  ) {}

  private async withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Creates the topics that do not exist yet. Safe to call from many processes at once. */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.numPartitions ?? 1,
            replicationFactor: -1,
            configEntries: Object.entries({ ...this.options.configsFor?.(s.topic), ...s.configEntries }).map(([name, value]) => ({ name, value })),
          })),
        });
      } catch (e) {
        // Another process created them first: fine, as long as they now exist.
        const now = new Set(await admin.listTopics());
        if (missing.some((s) => !now.has(s.topic))) throw e;
      }
      await admin.fetchTopicMetadata({ topics: missing.map((s) => s.topic) });
    });
  }

  async listTopics(): Promise<string[]> {
    return this.withAdmin((admin) => admin.listTopics());
  }

  async partitionCount(topic: string): Promise<number> {
    return this.withAdmin(async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length);
  }

  /** Throws when the cluster does not answer (health checks). */
  async probe(): Promise<{ brokers: number }> {
    return this.withAdmin(async (admin) => ({ brokers: (await admin.describeCluster()).brokers.length }));
  }

  /** Adds ALLOW ACLs in one request (an ACL that exists is left as it is). Needs a principal allowed to ALTER the cluster. */
  async allow(rules: readonly AclRule[]): Promise<void> {
    if (rules.length === 0) return;
    await this.withAdmin((admin) =>
      admin.createAcls({
        acl: rules.map((r) => ({
          principal: r.principal,
          host: '*',
          resourceType: r.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
          resourceName: r.name,
          resourcePatternType: r.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
          operation: r.operation === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE,
          permissionType: AclPermissionTypes.ALLOW,
        })),
      }),
    );
  }

  /** The non-default configs of a topic (name → value), as the broker reports them. */
  async topicConfigs(topic: string): Promise<Record<string, string>> {
    return this.withAdmin(async (admin) => {
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
      const out: Record<string, string> = {};
      for (const e of resources[0]?.configEntries ?? []) if (!e.isDefault && e.configValue !== null) out[e.configName] = e.configValue;
      return out;
    });
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    await this.withAdmin((admin) => admin.deleteTopics({ topics: [...topics] }));
  }
}
