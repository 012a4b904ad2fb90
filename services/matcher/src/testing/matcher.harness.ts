/**
 * Test-only: boots the matcher in-process against the real broker and Redis, with a unique topic namespace, Redis
 * prefix, ossec.conf and issuer key per test file, and publishes alerts and heartbeats the way the other services do.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { createEnvelope, toHeaders, topicsFor, withEnvelope, type AgentHeartbeat, type Alert, type Envelope, type Topics } from '@riposte/contracts';
import { BusAdmin, type BusProducer } from '@riposte/bus';
import { StoreKeys } from '@riposte/store';
import { agentSigned, connectedProducer, deleteKeys, enrolTestAgents, kafkaBrokers, redisUrl, requireKafka, requireRedis, testAgentKey, testIssuer, uniqueName, type TestAgentKey, type TestIssuer } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadEnv } from '../env';
import { AlertConsumer } from '../matching/alert.consumer';
import { HeartbeatConsumer } from '../registry/heartbeat.consumer';

/** Collects the app's log lines instead of printing them (tests stay quiet, and can assert on logs). */
export class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];
  private push = (level: string) => (message: unknown, ...rest: unknown[]) => void this.lines.push(JSON.stringify({ level, message, rest }));
  log = this.push('log');
  error = this.push('error');
  warn = this.push('warn');
  debug = this.push('debug');
  verbose = this.push('verbose');
  fatal = this.push('fatal');
}

export interface RunningMatcher {
  readonly app: INestApplication;
  readonly url: string;
  readonly logs: CapturedLogs;
  close(): Promise<void>;
}

/** The agents a world enrols when it connects unless told otherwise: the manager and the agents most specs use. */
export const DEFAULT_ENROLLED = ['000', '001', '002'];

/** Who signs a heartbeat in a spec: the agent's own key by default, another agent's key, or `null` (unsigned). */
export interface HeartbeatSigning {
  readonly by?: TestAgentKey | null;
  /** The agent the signature claims to speak for. @defaultValue the key's agent */
  readonly asAgent?: string;
}

/**
 * One test file's world: namespace, Redis prefix, ossec.conf in a temp folder, a producer, and the agents enrolled
 * (issue 10: the matcher sends commands only to agents with a key, and listens only to their signed heartbeats).
 */
export class MatcherWorld {
  readonly namespace = uniqueName('matcher');
  readonly redisPrefix = uniqueName('matcher');
  readonly topics: Topics = topicsFor(this.namespace);
  readonly dir = mkdtempSync(path.join(tmpdir(), 'matcher-'));
  readonly confPath = path.join(this.dir, 'ossec.conf');
  /** The key the matcher signs its commands with; `verifyCommand` checks them against `issuer.trustedKeys`. */
  readonly issuer: TestIssuer = testIssuer(this.dir);
  kafka!: Kafka;
  redis!: Redis;
  producer!: BusProducer;
  private readonly apps: RunningMatcher[] = [];
  private readonly agentKeys = new Map<string, TestAgentKey>();

  constructor(
    conf: string,
    /** Enrolled by {@link connect}. */
    private readonly enrolled: readonly string[] = DEFAULT_ENROLLED,
  ) {
    writeFileSync(this.confPath, conf);
  }

  /** Agent `agentId`'s own key (created on first use, enrolled only by {@link enrol}). */
  keyOf(agentId: string): TestAgentKey {
    let key = this.agentKeys.get(agentId);
    if (!key) this.agentKeys.set(agentId, (key = testAgentKey(agentId, this.dir)));
    return key;
  }

  /** Enrols the agents' keys as an admin does; the matcher sees them at once (`RIPOSTE_ENROLMENT_REFRESH_MS` 0). */
  async enrol(agentIds: readonly string[]): Promise<void> {
    await enrolTestAgents(this.redis, new StoreKeys(this.redisPrefix), agentIds.map((id) => this.keyOf(id)));
  }

  /** Fails fast, saying how to start them, when Kafka or Redis does not answer. */
  async connect(): Promise<this> {
    this.kafka = await requireKafka();
    this.redis = await requireRedis();
    this.producer = await connectedProducer(this.kafka);
    await this.enrol(this.enrolled);
    return this;
  }

  /** Boots one matcher instance and waits until both its consumers have joined their groups. */
  async start(vars: Record<string, string> = {}): Promise<RunningMatcher> {
    const env = loadEnv({
      ...process.env,
      KAFKA_BROKERS: kafkaBrokers(),
      REDIS_URL: redisUrl(),
      RIPOSTE_TOPIC_NAMESPACE: this.namespace,
      RIPOSTE_REDIS_PREFIX: this.redisPrefix,
      MATCHER_OSSEC_CONF: this.confPath,
      RIPOSTE_ALERT_PARTITIONS: '4',
      // Every read sees the enrolments a spec makes meanwhile.
      RIPOSTE_ENROLMENT_REFRESH_MS: '0',
      ...this.issuer.issuerEnv,
      ...vars,
    });
    const logs = new CapturedLogs();
    const app = await NestFactory.create(AppModule.forRoot(env), { logger: logs });
    try {
      await app.listen(0, '127.0.0.1');
    } catch (error) {
      // A failed boot still holds the connections opened so far (main.ts exits the process instead).
      await app.close();
      throw error;
    }
    await Promise.all([app.get(AlertConsumer).joined, app.get(HeartbeatConsumer).joined]);
    const { port } = app.getHttpServer().address() as AddressInfo;
    let closed = false;
    const running: RunningMatcher = {
      app,
      url: `http://127.0.0.1:${port}`,
      logs,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
      },
    };
    this.apps.push(running);
    return running;
  }

  /** Replaces ossec.conf the way config tools do: write a temp file, then rename it over the old one. */
  writeConf(text: string): void {
    const tmp = `${this.confPath}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.confPath);
  }

  /** Publishes alerts as alert-ingest does: JSON body, keyed by agent id, envelope headers. */
  async publishAlerts(alerts: readonly Alert[], envelope: (alert: Alert) => Envelope = () => anEnvelope()): Promise<Envelope[]> {
    const envelopes = alerts.map(envelope);
    await this.producer.send(alerts.map((a, i) => ({ topic: this.topics.alerts, key: a.agent.id, value: JSON.stringify(a), headers: toHeaders(envelopes[i]) })));
    return envelopes;
  }

  /** Publishes heartbeats as executors do, keyed by agent id, with the envelope, signed by the agent's own key unless told otherwise. */
  async publishHeartbeats(heartbeats: readonly AgentHeartbeat[], signing: HeartbeatSigning = {}): Promise<void> {
    await this.producer.send(heartbeats.map((hb) => this.heartbeatMessage(hb, signing)));
  }

  /** One heartbeat as an executor publishes it (see {@link publishHeartbeats}). */
  heartbeatMessage(hb: AgentHeartbeat, signing: HeartbeatSigning = {}) {
    const m = withEnvelope(this.topics.agents, hb.agentId, hb, createEnvelope({ now: Date.now(), type: 'agent.heartbeat', ttlMs: 60_000 }));
    const by = signing.by === undefined ? this.keyOf(hb.agentId) : signing.by;
    return by === null ? m : agentSigned(m, by, signing.asAgent);
  }

  /** Stops the instances and removes what the file created: topics of its namespace, keys of its prefix, files. */
  async close(): Promise<void> {
    await Promise.all(this.apps.map((a) => a.close()));
    await this.producer?.disconnect();
    if (this.kafka) {
      const admin = new BusAdmin(this.kafka);
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${this.namespace}.`));
      if (mine.length) await admin.deleteTopics(mine);
    }
    if (this.redis) {
      await deleteKeys(this.redis, `${this.redisPrefix}:`);
      this.redis.disconnect();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The envelope alert-ingest puts on an alert: expires in a minute unless told otherwise. */
export function anEnvelope(o: { ttlMs?: number; now?: number } = {}): Envelope {
  return createEnvelope({ now: o.now ?? Date.now(), type: 'alert.ingested', ttlMs: o.ttlMs ?? 60_000 });
}

/** A heartbeat of an online agent, valid for a minute. */
export function aHeartbeat(agentId: string, o: Partial<AgentHeartbeat> = {}): AgentHeartbeat {
  return { agentId, name: `agent-${agentId}`, os: 'linux', version: '4.14.7', status: 'online', arDisabled: false, at: Date.now(), ttlMs: 60_000, ...o };
}
