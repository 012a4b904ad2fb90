// Test-only helpers for the executor's integration specs: a Wazuh-layout home, recording scripts, exec commands as
// the matcher and the scheduler publish them. No test framework or broker here: the specs bring those.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ArMessageV1, createEnvelope, ExecCommandV1, toHeaders, topicsFor, type ArMessage, type AuditEvent, type Headers, type OutgoingMessage, type Resolution, type Schedule, type Topics } from '@riposte/contracts';
import { BusAdmin, type BusProducer, type IncomingMessage } from '@riposte/bus';
import { connectedProducer, kafkaBrokers, makeAgentHome, removeHome, repoRoot, requireKafka, signed as signAs, testIssuer, TopicRecorder, type Signer, uniqueName, waitFor, writeRecordingScript, type ScriptMode } from '@riposte/testing';
import { AppModule } from '../app.module';
import { loadConfig } from '../env';
import type { ActiveKey } from '../state/executor-state';
import { STATE_LOG } from '../state/local-state.store';
import { parseStateLog } from '../state/state-log';

// The agent home and the recording scripts live in the shared harness; the executor's specs use the short names.
export type { Signer } from '@riposte/testing';
export { agentOssecConf, makeAgentHome as makeHome, removeHome, scriptRuns, writeRecordingScript as writeScript, type ScriptMode, type ScriptRun } from '@riposte/testing';

/** The issuer every executor under test trusts (`EXECUTOR_TRUSTED_KEYS_FILE`), as the matcher, scheduler and control API hold it. */
export const issuer = testIssuer();

/** Signs a command as an issuer does: the trusted issuer by default; `null` sends it unsigned. */
export function signed<M extends OutgoingMessage>(m: M, agentId: string, by: Signer | null = issuer): M {
  return signAs(m, agentId, by);
}

/** The executor's durable state log, replayed: the active keys and the offender counts by rkey. */
export function readState(home: string): { active: Record<string, ActiveKey>; offenders: Record<string, number> } {
  const file = path.join(home, STATE_LOG);
  const { records } = parseStateLog(readFileSync(file, 'utf8'), file);
  const state = { active: {} as Record<string, ActiveKey>, offenders: {} as Record<string, number> };
  for (const [rkey, r] of records) {
    if (r.active) state.active[rkey] = r.active;
    if (r.offender) state.offenders[rkey] = r.offender.count;
  }
  return state;
}

/** An alert as analysisd puts it in `parameters.alert`. */
export function alertFor(srcip: string, o: { id?: string; ruleId?: string; dstuser?: string } = {}): Record<string, unknown> {
  return {
    timestamp: '2022-06-17T14:46:27.816+0000',
    rule: { level: 10, description: 'sshd: brute force', id: o.ruleId ?? '5712' },
    agent: { id: '001', name: 'agent-001' },
    id: o.id ?? `1655477187.${Math.floor(Math.random() * 1e6)}`,
    data: { srcip, ...(o.dstuser && { dstuser: o.dstuser }) },
    location: '/var/log/auth.log',
  };
}

/** An add as the matcher publishes it: the Wazuh message v1 with the envelope and the resolution headers, signed. */
export function addCommand(
  topics: Topics,
  agentId: string,
  o: { command: string; alert: Record<string, unknown>; resolution?: Resolution; ttlMs?: number; issuedAt?: number; headers?: Headers; signer?: Signer | null },
): OutgoingMessage & { value: ArMessage } {
  const value = ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: o.command, extraArgs: [], alert: o.alert });
  const envelope = createEnvelope({ now: o.issuedAt ?? Date.now(), type: ExecCommandV1.TYPE_ADD, ttlMs: o.ttlMs });
  const headers: Headers = { ...toHeaders(envelope), ...(o.resolution && ExecCommandV1.resolutionHeader(o.resolution)), ...o.headers };
  return signed({ topic: topics.exec(agentId), key: agentId, value, headers }, agentId, o.signer);
}

/** A delete as the scheduler publishes it when a timer is due, signed. */
export function deleteCommand(
  topics: Topics,
  schedule: Pick<Schedule, 'agentId' | 'rkey' | 'deleteMessage' | 'addedAt' | 'legacyArgs'>,
  o: { withGeneration?: boolean; signer?: Signer | null } = {},
): OutgoingMessage {
  const envelope = createEnvelope({ now: Date.now(), type: ExecCommandV1.TYPE_DELETE });
  const { EXEC_HEADER } = ExecCommandV1;
  const headers: Headers = {
    ...toHeaders(envelope),
    [EXEC_HEADER.rkey]: schedule.rkey,
    ...(o.withGeneration !== false && { [EXEC_HEADER.generation]: String(schedule.addedAt) }),
    ...(schedule.legacyArgs && { [EXEC_HEADER.legacyArgs]: JSON.stringify(schedule.legacyArgs) }),
  };
  return signed({ topic: topics.exec(schedule.agentId), key: schedule.agentId, value: schedule.deleteMessage, headers }, schedule.agentId, o.signer);
}

/** The environment of an executor under test. */
export function executorEnv(o: { home: string; namespace: string; agentId?: string; brokers: string; extra?: NodeJS.ProcessEnv }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AGENT_ID: o.agentId ?? '001',
    EXECUTOR_HOME: o.home,
    RIPOSTE_TOPIC_NAMESPACE: o.namespace,
    KAFKA_BROKERS: o.brokers,
    EXECUTOR_HEARTBEAT_MS: '500',
    EXECUTOR_SCRIPT_TIMEOUT_MS: '3000',
    EXECUTOR_TRUSTED_KEYS_FILE: issuer.trustedKeysFile,
    ...o.extra,
  };
}

/** Boots an executor in this process, as `main.ts` would, with the given environment. */
export function startExecutor(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(env), env), { logger: false });
}

/** What a topic recorder holds (the specs' `TopicRecorder`). */
export interface Recorded {
  readonly messages: readonly IncomingMessage[];
}

/** The JSON values recorded on a topic, in order. */
export function valuesOn<T>(rec: Recorded, topic: string): T[] {
  return rec.messages.filter((m) => m.topic === topic).map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as T);
}

/** The timer requests published for an rkey, in order. */
export function schedulesFor(rec: Recorded, topics: Topics, rkey: string): Schedule[] {
  return valuesOn<Schedule>(rec, topics.timers).filter((s) => s.rkey === rkey);
}

/** The audit events matching `pick`, in order. */
export function auditsWhere(rec: Recorded, topics: Topics, pick: (e: AuditEvent) => boolean): AuditEvent[] {
  return valuesOn<AuditEvent>(rec, topics.audit).filter(pick);
}

/** `list` when it is not empty, else undefined: a `waitFor` predicate for "at least one". */
export function some<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** One executor under test with its recorder and producer, as the integration specs set it up. */
export interface ExecutorFixture {
  readonly namespace: string;
  readonly topics: Topics;
  readonly home: string;
  readonly producer: BusProducer;
  readonly rec: TopicRecorder;
  readonly app: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * A temporary home with the given scripts, the shared topics, a recorder on timers and audit, a producer, and the
 * executor booted in this process for `agentId`.
 */
export interface ExecutorFixtureOptions {
  agentId: string;
  files?: { ossecConf?: string; arConf?: string };
  scripts: Record<string, ScriptMode>;
  extra?: NodeJS.ProcessEnv;
  /** Runs on the new home before the executor starts (e.g. to leave state as a crash would). */
  prepareHome?: (home: string) => void;
}

export async function startExecutorFixture(o: ExecutorFixtureOptions): Promise<ExecutorFixture> {
  const kafka = await requireKafka();
  const namespace = uniqueName('exec');
  const topics = topicsFor(namespace);
  const home = makeAgentHome(o.files);
  for (const [name, mode] of Object.entries(o.scripts)) writeRecordingScript(home, name, mode);
  o.prepareHome?.(home);
  await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, topics.agents, topics.exec(o.agentId)].map((topic) => ({ topic })));
  const rec = await new TopicRecorder(kafka, [topics.timers, topics.audit]).start();
  const producer = await connectedProducer(kafka);
  const app = await startExecutor(executorEnv({ home, namespace, agentId: o.agentId, brokers: kafkaBrokers(), extra: o.extra }));
  return {
    namespace, topics, home, producer, rec, app,
    async close() {
      await app.close();
      await rec.stop();
      await producer.disconnect();
      removeHome(home);
    },
  };
}

/**
 * `startExecutorFixture(o)` in this describe's `beforeAll`, closed in its `afterAll`. The returned object reads
 * through to the fixture, so it is used in tests only (before `beforeAll` it throws).
 */
export function useExecutorFixture(o: ExecutorFixtureOptions): ExecutorFixture {
  let fixture: ExecutorFixture | undefined;
  beforeAll(async () => {
    fixture = await startExecutorFixture(o);
  }, 60_000);
  afterAll(() => fixture?.close());
  return new Proxy({} as ExecutorFixture, {
    get(_, key) {
      if (!fixture) throw new Error('the executor fixture is used before its beforeAll');
      return fixture[key as keyof ExecutorFixture];
    },
  });
}

/**
 * The executor as a process of its own (`node -r tools/ts-register.js services/executor/src/main.ts`, as
 * DEVELOPERS.md runs services in tests), for the specs that SIGKILL it. `env` is read at each start.
 */
export class ExecutorProcesses {
  readonly children: ChildProcess[] = [];
  private stderr = '';

  constructor(private readonly env: () => NodeJS.ProcessEnv) {}

  start(): ChildProcess {
    const env = this.env();
    delete env.JEST_WORKER_ID;
    const child = spawn(process.execPath, ['-r', path.join(repoRoot, 'tools/ts-register.js'), path.join(repoRoot, 'services/executor/src/main.ts')], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString()).slice(-20_000)));
    this.children.push(child);
    return child;
  }

  /** SIGKILLs every child still running. */
  killAll(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }

  /** Waits like `waitFor` (90 s), and on failure says what the children logged. */
  waitOrExplain<T>(what: string, predicate: () => T | Promise<T>): Promise<NonNullable<T>> {
    return waitFor(predicate, { timeoutMs: 90_000, intervalMs: 250 }).catch((e: Error) => {
      throw new Error(`${what}: ${e.message}\nchild stderr:\n${this.stderr}`);
    }) as Promise<NonNullable<T>>;
  }
}
