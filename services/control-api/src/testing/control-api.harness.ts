import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { BusAdmin } from '@riposte/bus';
import { topicsFor, type AgentHeartbeat, type Schedule, type Topics, type Trigger } from '@riposte/contracts';
import { RedisAgentKeyStore, RedisAgentRegistry, RedisTimerStore, StoreKeys } from '@riposte/store';
import { deleteKeys, enrolTestAgent, kafkaBrokers, redisUrl, requireKafka, requireRedis, testAgentKey, testIssuer, uniqueName, type TestAgentKey, type TestIssuer } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadEnv } from '../env';

/** The manager configuration of the tests: firewall-drop600 (stateful), host-deny0, a command-line script. */
export const TEST_OSSEC_CONF = `<ossec_config>
  <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>host-deny</name><executable>host-deny</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>
  <active-response><command>host-deny</command><location>all</location><rules_group>attack,</rules_group></active-response>
</ossec_config>`;

export const TOKENS = {
  admin: 'test-admin-token-0123456789',
  trigger: 'test-trigger-token-0123456789',
  read: 'test-read-token-0123456789',
  only001: 'test-only001-token-0123456789',
  /** An admin limited to agent 001. */
  admin001: 'test-admin001-token-0123456789',
  /** alert-ingest's role: grants nothing here. */
  ingest: 'test-ingest-token-0123456789',
} as const;

const TOKENS_JSON = JSON.stringify({
  tokens: [
    { name: 'alice-admin', token: TOKENS.admin, role: 'admin' },
    { name: 'bob-operator', token: TOKENS.trigger, role: 'trigger' },
    { name: 'carol-viewer', token: TOKENS.read, role: 'read' },
    { name: 'dave-001', token: TOKENS.only001, role: 'trigger', agents: ['001'] },
    { name: 'frank-admin-001', token: TOKENS.admin001, role: 'admin', agents: ['001'] },
    { name: 'erin-feeder', token: TOKENS.ingest, role: 'ingest' },
  ],
});

/** A settable clock, so expiry and "active" are exact in assertions; `live()` follows the real time instead. */
export class TestClock {
  constructor(private fixed?: number) {}
  static live(): TestClock {
    return new TestClock();
  }
  get t(): number {
    return this.fixed ?? Date.now();
  }
  now = (): number => this.t;
}

/**
 * The control API booted in-process on a free port, with its own topic namespace, Redis prefix, ossec.conf and
 * tokens and issuer key, plus direct handles on the registry, the timer store and the agent keys to arrange state.
 */
export class ControlApiHarness {
  app!: INestApplication;
  url!: string;
  kafka!: Kafka;
  redis!: Redis;
  readonly namespace = uniqueName('ctl');
  readonly prefix = uniqueName('ctl');
  readonly topics: Topics = topicsFor(this.namespace);
  readonly keys = new StoreKeys(this.prefix);
  registry!: RedisAgentRegistry;
  timers!: RedisTimerStore;
  agentKeys!: RedisAgentKeyStore;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'control-api-'));
  readonly ossecConf = path.join(this.dir, 'ossec.conf');
  /** The key the control API signs its commands with (the scheduler of an e2e test gets the same). */
  readonly issuer: TestIssuer = testIssuer(this.dir);

  constructor(readonly clock: TestClock = new TestClock(Date.UTC(2026, 10, 28, 15, 0, 0))) {}

  /** The environment a separate process needs to reach the same deployment. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      KAFKA_BROKERS: kafkaBrokers(),
      REDIS_URL: redisUrl(),
      RIPOSTE_TOPIC_NAMESPACE: this.namespace,
      RIPOSTE_REDIS_PREFIX: this.prefix,
      CONTROL_API_OSSEC_CONF: this.ossecConf,
      CONTROL_API_TOKENS: TOKENS_JSON,
      CONTROL_API_POLICY_POLL_MS: '100',
      CONTROL_API_PORT: '0',
      ...this.issuer.issuerEnv,
      ...extra,
    };
  }

  async start(agentIds: readonly string[] = []): Promise<this> {
    writeFileSync(this.ossecConf, TEST_OSSEC_CONF);
    this.kafka = await requireKafka();
    this.redis = await requireRedis();
    this.registry = new RedisAgentRegistry(this.redis, this.keys);
    this.timers = new RedisTimerStore(this.redis, this.keys);
    this.agentKeys = new RedisAgentKeyStore(this.redis, this.keys);
    // Topics the recorders subscribe to must exist first.
    await new BusAdmin(this.kafka).ensureTopics([this.topics.audit, ...agentIds.map((id) => this.topics.exec(id))].map((topic) => ({ topic })));
    this.app = await NestFactory.create(AppModule.forRoot(loadEnv(this.env()), this.clock.now), { logger: false });
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  /**
   * An agent that heartbeated at the clock's now (active for a minute), or `inactive` ten minutes ago; with
   * `enrolled`, also a key enrolled for it (commands go to enrolled agents only).
   */
  async agent(id: string, o: { inactive?: boolean; arDisabled?: boolean; os?: string; enrolled?: boolean } = {}): Promise<void> {
    const hb: AgentHeartbeat = {
      agentId: id,
      name: `host-${id}`,
      os: o.os ?? 'linux',
      version: 'riposte 0.1.0',
      status: 'online',
      arDisabled: o.arDisabled ?? false,
      at: o.inactive ? this.clock.t - 600_000 : this.clock.t,
      ttlMs: 60_000,
    };
    await this.registry.record(hb);
    if (o.enrolled) await this.enrolledAgent(id);
  }

  /**
   * Agent `id`'s own key (`EXECUTOR_KEY_FILE` = its `privateKeyFile`), enrolled as an admin does: the scheduler of
   * an e2e test accepts only the timer requests it signs (issue 10).
   */
  async enrolledAgent(id: string): Promise<TestAgentKey> {
    const key = testAgentKey(id, this.dir);
    await enrolTestAgent(this.redis, this.keys, key);
    return key;
  }

  /** One HTTP call; `token` names a test token (or gives a raw one). */
  async call(method: string, route: string, o: { token?: keyof typeof TOKENS | null; raw?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> & { data?: Record<string, unknown> } }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = o.raw ?? (o.token === null ? undefined : TOKENS[o.token ?? 'admin']);
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.url}${route}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  async stop(): Promise<void> {
    await this.app?.close();
    if (this.redis) {
      await deleteKeys(this.redis, `${this.prefix}:`);
      await this.redis.quit();
    }
  }
}

/** A firewall-drop600 timer as the executor would request it for `srcip` (rkey `firewall-drop-<srcip>`). */
export function aSchedule(o: { agentId: string; srcip?: string; addedAt: number; timeoutSeconds?: number; trigger?: Trigger }): Schedule {
  const srcip = o.srcip ?? '1.2.3.4';
  const alert = { id: '1764342000.1', rule: { id: '5712' }, data: { srcip } };
  return {
    type: 'schedule',
    agentId: o.agentId,
    rkey: `firewall-drop-${srcip}`,
    arName: 'firewall-drop600',
    deleteMessage: {
      version: 1,
      origin: { name: 'undefined', module: 'wazuh-execd' },
      command: 'delete',
      parameters: { extra_args: [], alert, program: 'active-response/bin/firewall-drop' },
    },
    keys: [srcip],
    addedAt: o.addedAt,
    timeoutSeconds: o.timeoutSeconds ?? 600,
    trigger: o.trigger ?? { alertId: alert.id, ruleId: '5712' },
  };
}
