import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServiceProcess, kafkaBrokers, redisUrl, makeAgentHome, agentOssecConf, bearer, freePort, testIssuer, type TestIssuer, writeTestTokensFile } from '@riposte/testing';

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

  constructor(readonly namespace: string, readonly redisPrefix: string, policyXml: string) {
    writeFileSync(this.ossecConf, policyXml);
    writeFileSync(this.alertsJson, '');
  }

  private base(): NodeJS.ProcessEnv {
    return { KAFKA_BROKERS: kafkaBrokers(), REDIS_URL: redisUrl(), RIPOSTE_TOPIC_NAMESPACE: this.namespace, RIPOSTE_REDIS_PREFIX: this.redisPrefix, LOG_LEVEL: 'info' };
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
    return this.add(new ServiceProcess(`executor-${agentId}`, 'executor', { ...this.base(), AGENT_ID: agentId, EXECUTOR_HOME: home, EXECUTOR_HEARTBEAT_MS: '500', EXECUTOR_SCRIPT_TIMEOUT_MS: '5000', EXECUTOR_TRUSTED_KEYS_FILE: this.issuer.trustedKeysFile }));
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

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM')));
  }
}
