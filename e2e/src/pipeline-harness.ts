import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StoreKeys } from '@riposte/store';
import { ServiceProcess, kafkaBrokers, redisUrl, makeAgentHome, agentOssecConf, bearer, enrolTestAgents, freePort, requireRedis, testAgentKey, testIssuer, type TestAgentKey, type TestIssuer, writeTestTokensFile } from '@riposte/testing';

/** The whole pipeline as real processes: ingest, scheduler, matchers, one executor per agent. */
export class Pipeline {
  readonly processes: ServiceProcess[] = [];
  readonly homes = new Map<string, string>();
  ingestPort = 0;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'riposte-e2e-'));
  readonly ossecConf = path.join(this.dir, 'ossec.conf');
  readonly alertsJson = path.join(this.dir, 'alerts.json');
  /** The one issuer key of the deployment: matchers and the scheduler sign with it, every executor trusts it. */
  readonly issuer: TestIssuer = testIssuer(this.dir);
  /** Each executor's own key (`EXECUTOR_KEY_FILE`), enrolled by {@link enrol}: the matcher and scheduler listen only to enrolled agents. */
  readonly agentKeys = new Map<string, TestAgentKey>();

  constructor(readonly namespace: string, readonly redisPrefix: string, policyXml: string) {
    writeFileSync(this.ossecConf, policyXml);
    writeFileSync(this.alertsJson, '');
  }

  private base(): NodeJS.ProcessEnv {
    // A short enrolment refresh: an agent enrolled while the services run is listened to quickly.
    return { KAFKA_BROKERS: kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: this.namespace, RIPOSTE_REDIS_PREFIX: this.redisPrefix, RIPOSTE_ENROLMENT_REFRESH_MS: '200', LOG_LEVEL: 'info' };
  }

  /** Agent `agentId`'s key (created on first use). */
  agentKey(agentId: string): TestAgentKey {
    let key = this.agentKeys.get(agentId);
    if (!key) this.agentKeys.set(agentId, (key = testAgentKey(agentId, this.dir)));
    return key;
  }

  /** Enrols the agents' keys as an admin does (default: every executor's so far). */
  async enrol(agentIds: readonly string[] = [...this.homes.keys()]): Promise<void> {
    const redis = await requireRedis();
    try {
      await enrolTestAgents(redis, new StoreKeys(this.redisPrefix), agentIds.map((id) => this.agentKey(id)));
    } finally {
      redis.disconnect();
    }
  }

  private add(p: ServiceProcess): ServiceProcess {
    this.processes.push(p);
    return p.start();
  }

  async ingest(): Promise<ServiceProcess> {
    this.ingestPort = await freePort();
    return this.add(new ServiceProcess('alert-ingest', 'alert-ingest', { ...this.base(), INGEST_PORT: String(this.ingestPort), ALERTS_JSON_PATH: this.alertsJson, INGEST_POLL_MS: '100', INGEST_TOKENS_FILE: writeTestTokensFile(['ingest']) }));
  }

  async matcher(name = 'matcher'): Promise<ServiceProcess> {
    return this.add(new ServiceProcess(name, 'matcher', { ...this.base(), ...this.issuer.issuerEnv, MATCHER_PORT: String(await freePort()), MATCHER_OSSEC_CONF: this.ossecConf, MATCHER_AGENTS_CACHE_MS: '200' }));
  }

  async scheduler(): Promise<ServiceProcess> {
    return this.add(new ServiceProcess('scheduler', 'scheduler', { ...this.base(), ...this.issuer.issuerEnv, SCHEDULER_PORT: String(await freePort()), SCHEDULER_TICK_MS: '100' }));
  }

  /** An executor for `agentId` with a Wazuh-layout home (created once, kept across restarts). */
  executor(agentId: string, agentConf = agentOssecConf('<disabled>no</disabled>')): ServiceProcess {
    let home = this.homes.get(agentId);
    if (!home) {
      home = makeAgentHome({ ossecConf: agentConf });
      this.homes.set(agentId, home);
    }
    return this.add(new ServiceProcess(`executor-${agentId}`, 'executor', { ...this.base(), AGENT_ID: agentId, EXECUTOR_HOME: home, EXECUTOR_HEARTBEAT_MS: '500', EXECUTOR_SCRIPT_TIMEOUT_MS: '5000', EXECUTOR_TRUSTED_KEYS_FILE: this.issuer.trustedKeysFile, EXECUTOR_KEY_FILE: this.agentKey(agentId).privateKeyFile }));
  }

  home(agentId: string): string {
    const h = this.homes.get(agentId);
    if (!h) throw new Error(`no executor home for ${agentId}`);
    return h;
  }

  /** POSTs alerts (an NDJSON body) to alert-ingest. */
  async post(body: string): Promise<{ accepted: number; rejected: number }> {
    const res = await fetch(`http://127.0.0.1:${this.ingestPort}/alerts`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...bearer('ingest') }, body });
    if (!res.ok && res.status !== 207 && res.status !== 400) throw new Error(`POST /alerts: ${res.status} ${await res.text()}`);
    return (await res.json()) as { accepted: number; rejected: number };
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM')));
  }
}
