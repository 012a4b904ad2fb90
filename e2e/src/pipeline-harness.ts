import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StoreKeys } from '@riposte/store';
import { ServiceProcess, deleteKeys, kafkaBrokers, redisUrl, makeAgentHome, agentOssecConf, bearer, enrolTestAgents, freePort, requireRedis, testAgentKey, testIssuer, type TestAgentKey, type TestIssuer, writeTestTokensFile } from '@riposte/testing';

/** Where the pipeline's services find Kafka, when not the shared broker (a suite that restarts its own). */
export interface PipelineOptions {
  readonly kafkaBrokers?: string;
}

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

  constructor(readonly namespace: string, readonly redisPrefix: string, policyXml: string, private readonly options: PipelineOptions = {}) {
    writeFileSync(this.ossecConf, policyXml);
    writeFileSync(this.alertsJson, '');
  }

  private base(): NodeJS.ProcessEnv {
    // A short enrolment refresh: an agent enrolled while the services run is listened to quickly.
    return { KAFKA_BROKERS: this.options.kafkaBrokers ?? kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: this.namespace, RIPOSTE_REDIS_PREFIX: this.redisPrefix, RIPOSTE_ENROLMENT_REFRESH_MS: '200', LOG_LEVEL: 'info' };
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

  // `extra` (every service): variables a suite sets on top of the defaults below, e.g. EXECUTOR_RECONCILE_MS.

  async ingest(extra: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    this.ingestPort = await freePort();
    return this.add(new ServiceProcess('alert-ingest', 'alert-ingest', { ...this.base(), INGEST_PORT: String(this.ingestPort), ALERTS_JSON_PATH: this.alertsJson, INGEST_POLL_MS: '100', INGEST_TOKENS_FILE: writeTestTokensFile(['ingest']), ...extra }));
  }

  async matcher(name = 'matcher', extra: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    return this.add(new ServiceProcess(name, 'matcher', { ...this.base(), ...this.issuer.issuerEnv, MATCHER_PORT: String(await freePort()), MATCHER_OSSEC_CONF: this.ossecConf, MATCHER_AGENTS_CACHE_MS: '200', ...extra }));
  }

  async scheduler(extra: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    return this.add(new ServiceProcess('scheduler', 'scheduler', { ...this.base(), ...this.issuer.issuerEnv, SCHEDULER_PORT: String(await freePort()), SCHEDULER_TICK_MS: '100', ...extra }));
  }

  /** An executor for `agentId` with a Wazuh-layout home (created once, kept across restarts). */
  executor(agentId: string, agentConf = agentOssecConf('<disabled>no</disabled>'), extra: NodeJS.ProcessEnv = {}): ServiceProcess {
    let home = this.homes.get(agentId);
    if (!home) {
      home = makeAgentHome({ ossecConf: agentConf });
      this.homes.set(agentId, home);
    }
    return this.add(new ServiceProcess(`executor-${agentId}`, 'executor', { ...this.base(), AGENT_ID: agentId, EXECUTOR_HOME: home, EXECUTOR_HEARTBEAT_MS: '500', EXECUTOR_SCRIPT_TIMEOUT_MS: '5000', EXECUTOR_TRUSTED_KEYS_FILE: this.issuer.trustedKeysFile, EXECUTOR_KEY_FILE: this.agentKey(agentId).privateKeyFile, ...extra }));
  }

  /** Enrols `agentIds` (each with its executor already created), as {@link enrol}. */
  async enrolAgents(agentIds: readonly string[]): Promise<void> {
    for (const id of agentIds) this.home(id); // an agent must have its executor (and home) before it is enrolled
    await this.enrol(agentIds);
  }

  /** The process last created under `name` (`executor-001`, `matcher-b`, `scheduler`, …). */
  process(name: string): ServiceProcess {
    const p = [...this.processes].reverse().find((x) => x.name === name);
    if (!p) throw new Error(`no process named ${name} (have: ${this.processes.map((x) => x.name).join(', ')})`);
    return p;
  }

  /** SIGKILL, as a crash: no shutdown hook runs. */
  async kill(name: string): Promise<void> {
    await this.process(name).stop('SIGKILL');
  }

  /** Starts a stopped or killed process again with the same environment (same home, ports, keys). */
  async restart(name: string, timeoutMs = 90000): Promise<void> {
    const p = this.process(name);
    if (p.running) throw new Error(`${name} is still running; kill or stop it first`);
    await p.start().waitForOutput('service started', timeoutMs);
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

  /** POSTs any body to alert-ingest and returns the status and the answer, whatever they are. */
  async postRaw(body: string | Buffer): Promise<{ status: number; body: { accepted?: number; rejected?: number; message?: unknown } }> {
    const res = await fetch(`http://127.0.0.1:${this.ingestPort}/alerts`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...bearer('ingest') }, body });
    const text = await res.text();
    let parsed: { accepted?: number; rejected?: number; message?: unknown } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = { message: text };
    }
    return { status: res.status, body: parsed };
  }

  /** Stops every process, then removes what they kept under the Redis prefix. */
  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM')));
    const redis = await requireRedis();
    try {
      await deleteKeys(redis, this.redisPrefix);
    } finally {
      redis.disconnect();
    }
  }
}
