/**
 * `npm run bench:executor`: signed add commands per second through ONE executor process — its real Kafka topic in,
 * its real state log on disk (fsynced before each offset commit), real scripts — with 0, 1,000 and 10,000 keys already
 * active, for a built-in (firewall-drop, in dry run: the script's code runs in-process, its iptables calls are logged
 * instead of run) and for a custom script (a `/bin/sh` file in `active-response/bin/`, one process per command, its
 * effect a line in a file). Every add is stateful (timeout 600): check_keys, continue, the key saved, a timer request.
 * The figure is executor-side: from the first `script.started` to the last `script.ended` on the audit topic. The
 * floor of the custom runs is the same script spawned and answered the same way from this small process, one at a
 * time, with nothing else: what the machine allows at that moment (fork and exec of /bin/sh dominate).
 * Targets (issue 11): ≥ 1,000/s built-in and ≥ 100/s custom at 10,000 active keys, flat in the number of keys.
 * Env: BENCH_BUILTIN (commands per built-in run, default 5000), BENCH_CUSTOM (default 1000), BENCH_KEYS
 * (default 0,1000,10000), BENCH_CPU_PROF (a folder: the executors run with --cpu-prof there). JSON under bench/results/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArMessageV1, createEnvelope, ExecCommandV1, toHeaders, topicsFor, type AuditEvent, type OutgoingMessage } from '@riposte/contracts';
import { BusAdmin, BusProducer, createCommandSigner, createKafka, generateIssuerKeys, kafkaConfigFromEnv, loadSigningKey } from '@riposte/bus';
import { LocalStateStore } from '../services/executor/src/state/local-state.store';

const BUILTIN_N = Number(process.env.BENCH_BUILTIN ?? 5000);
const CUSTOM_N = Number(process.env.BENCH_CUSTOM ?? 1000);
const KEYS = (process.env.BENCH_KEYS ?? '0,1000,10000').split(',').map(Number);
const PROF = process.env.BENCH_CPU_PROF;
const root = path.resolve(__dirname, '..', '..');
const env = { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', LOG_LEVEL: 'warn' };
const kafka = createKafka(kafkaConfigFromEnv(env, 'bench-executor'));
const admin = new BusAdmin(kafka);
const ns = `benchx${Date.now().toString(36)}`;
const topics = topicsFor(ns);
const out = (line: string) => process.stdout.write(`${line}\n`);

type Kind = 'builtin' | 'custom';
interface Run {
  kind: Kind;
  activeKeys: number;
  commands: number;
  perSecond: number;
  seconds: number;
  bootReconcileSeconds: number;
  rssMiB: number;
  stateLogMiB: number;
}

const CUSTOM = 'bench-custom';
/** The custom script: the check_keys exchange in plain sh (no subprocess), then one line appended to a file. */
const CUSTOM_SCRIPT = `#!/bin/sh
read -r line
rest=\${line#*\\"srcip\\":\\"}
ip=\${rest%%\\"*}
printf '{"version":1,"origin":{"name":"${CUSTOM}","module":"active-response"},"command":"check_keys","parameters":{"keys":["%s"]}}\\n' "$ip"
read -r reply
case "$reply" in *'"command":"continue"'*) echo "$ip" >> blocked.txt ;; esac
exit 0
`;

const alert = (id: string, srcip: string) => ({
  timestamp: '2026-12-07T12:00:00.000+0000',
  rule: { level: 10, description: 'sshd: brute force trying to get access to the system. Non existent user.', id: '5712', firedtimes: 8, mail: false, groups: ['syslog', 'sshd', 'authentication_failures'], pci_dss: ['11.4', '10.2.4', '10.2.5'], gdpr: ['IV_35.7.d', 'IV_32.2'], mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] } },
  agent: { id: '001', name: 'web-01', ip: '192.0.2.10' },
  manager: { name: 'wazuh-manager' },
  id,
  full_log: `Dec  7 12:00:00 web-01 sshd[4242]: Failed password for invalid user admin from ${srcip} port 52211 ssh2`,
  predecoder: { program_name: 'sshd', timestamp: 'Dec  7 12:00:00', hostname: 'web-01' },
  decoder: { parent: 'sshd', name: 'sshd' },
  data: { srcip, srcport: '52211', srcuser: 'admin' },
  location: '/var/log/auth.log',
});

const ip = (i: number, net: number) => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** `activeKeys` keys already active, written through the executor's own store (what earlier adds leave). */
function prepopulate(home: string, kind: Kind, activeKeys: number): void {
  const store = new LocalStateStore(home);
  store.load(Date.now());
  const executable = kind === 'builtin' ? 'firewall-drop' : CUSTOM;
  const program = `active-response/bin/${executable}`;
  for (let i = 0; i < activeKeys; i++) {
    const srcip = ip(i, 172);
    const add = ArMessageV1.rewriteForScript(ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: `${executable}600`, extraArgs: [], alert: alert(`pre.${i}`, srcip) }), 'add', program);
    store.put(`${executable}-${srcip}`, { active: { arName: `${executable}600`, program, deleteMessage: ArMessageV1.withCommand(add, 'delete'), keys: [srcip], addedAt: Date.now(), timeoutSeconds: 600, trigger: { alertId: `pre.${i}`, ruleId: '5712' } } });
  }
  store.close();
}

function commands(agentId: string, kind: Kind, n: number, run: string, sign: (m: OutgoingMessage[]) => OutgoingMessage[]): OutgoingMessage[] {
  const executable = kind === 'builtin' ? 'firewall-drop' : CUSTOM;
  const resolution = { arName: `${executable}600`, executable, timeoutSeconds: 600 };
  const list = Array.from({ length: n }, (_, i) => {
    const value = ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: `${executable}600`, extraArgs: [], alert: alert(`${run}.${i}`, ip(i, 10)) });
    const headers = { ...toHeaders(createEnvelope({ now: Date.now(), type: ExecCommandV1.TYPE_ADD, ttlMs: 3600_000 })), ...ExecCommandV1.resolutionHeader(resolution) };
    return { topic: topics.exec(agentId), key: agentId, value, headers };
  });
  return sign(list);
}

/** What the bench hears: audit steps per alert-id prefix, reconcile announcements and heartbeats per agent. */
const heard = { started: new Map<string, number>(), ended: new Map<string, { n: number; last: number }>(), reconciled: new Map<string, number>(), online: new Set<string>() };

async function listen(): Promise<() => Promise<void>> {
  const consumer = kafka.consumer({ groupId: `${ns}.bench`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.audit, topics.timers, topics.agents], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const v = JSON.parse(m.value!.toString()) as Record<string, unknown>;
        if (batch.topic === topics.agents) {
          if (v.status === 'online') heard.online.add(String(v.agentId));
        } else if (batch.topic === topics.timers) {
          if (v.reconcile) heard.reconciled.set(String(v.agentId), (heard.reconciled.get(String(v.agentId)) ?? 0) + 1);
        } else {
          const e = v as unknown as AuditEvent;
          const run = e.alertId?.split('.')[0];
          if (!run) continue;
          if (e.type === 'script.started' && !heard.started.has(run)) heard.started.set(run, e.at);
          if (e.type === 'script.ended' || e.type === 'script.failed') {
            const r = heard.ended.get(run) ?? { n: 0, last: 0 };
            heard.ended.set(run, { n: r.n + 1, last: Math.max(r.last, e.at) });
          }
        }
      }
    },
  });
  return () => consumer.disconnect();
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The custom script run `n` times from this process (spawn, message, check_keys, continue, exit): per second. */
async function customFloor(dir: string, n: number): Promise<number> {
  const home = path.join(dir, 'floor');
  mkdirSync(path.join(home, 'active-response/bin'), { recursive: true });
  const file = path.join(home, 'active-response/bin', CUSTOM);
  writeFileSync(file, CUSTOM_SCRIPT, { mode: 0o755 });
  const env = { ...process.env };
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const child = spawn(file, [], { cwd: home, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const add = ArMessageV1.rewriteForScript(ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: `${CUSTOM}600`, extraArgs: [], alert: alert(`floor.${i}`, ip(i, 10)) }), 'add', `active-response/bin/${CUSTOM}`);
      child.stdout.once('data', () => child.stdin.end(`${JSON.stringify(ArMessageV1.withCommand(add, 'continue'))}\n`));
      child.stdin.write(`${JSON.stringify(add)}\n`);
      child.on('close', () => resolve());
    });
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await one(i);
  return Math.round(n / ((Date.now() - t0) / 1000));
}

function rssMiB(child: ChildProcess): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function runOne(dir: string, keys: { trustedKeysFile: string; sign: (m: OutgoingMessage[]) => OutgoingMessage[] }, producer: BusProducer, kind: Kind, activeKeys: number, agentId: string): Promise<Run> {
  const n = kind === 'builtin' ? BUILTIN_N : CUSTOM_N;
  const home = path.join(dir, agentId);
  for (const d of ['active-response/bin', 'logs', 'etc/shared', 'var']) mkdirSync(path.join(home, d), { recursive: true });
  if (kind === 'custom') writeFileSync(path.join(home, 'active-response/bin', CUSTOM), CUSTOM_SCRIPT, { mode: 0o755 });
  prepopulate(home, kind, activeKeys);
  const run = `r${agentId}`;
  const cmds = commands(agentId, kind, n, run, keys.sign);
  const args = [...(PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`, `--cpu-prof-name=executor-${kind}-${activeKeys}.cpuprofile`] : []), path.join(root, 'dist/services/executor/src/main.js')];
  const bootAt = Date.now();
  const child = spawn(process.execPath, args, {
    env: { ...env, RIPOSTE_TOPIC_NAMESPACE: ns, AGENT_ID: agentId, EXECUTOR_HOME: home, EXECUTOR_DRY_RUN: 'true', EXECUTOR_TRUSTED_KEYS_FILE: keys.trustedKeysFile, EXECUTOR_RECONCILE_MS: String(24 * 3600_000) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await until(`executor ${agentId} online`, () => heard.online.has(agentId), 120_000);
    await until(`boot reconcile of ${activeKeys} keys`, () => (heard.reconciled.get(agentId) ?? 0) >= activeKeys, 120_000);
    const bootReconcileSeconds = (Date.now() - bootAt) / 1000;
    for (let i = 0; i < cmds.length; i += 1000) await producer.send(cmds.slice(i, i + 1000));
    await until(`${n} commands of ${run}`, () => (heard.ended.get(run)?.n ?? 0) >= n, 600_000);
    const seconds = (heard.ended.get(run)!.last - heard.started.get(run)!) / 1000;
    const rss = rssMiB(child);
    const stateLogMiB = Math.round((readFileSync(path.join(home, 'var/riposte-state.log')).length / 1024 / 1024) * 10) / 10;
    return { kind, activeKeys, commands: n, perSecond: Math.round(n / seconds), seconds, bootReconcileSeconds, rssMiB: rss, stateLogMiB };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-bench-executor-'));
  const files = generateIssuerKeys(path.join(dir, 'keys'));
  const signer = createCommandSigner(loadSigningKey(files.privateKeyFile, files.keyId), topics);
  const scenarios = (['builtin', 'custom'] as const).flatMap((kind) => KEYS.map((k) => ({ kind, k })));
  const agents = scenarios.map((_, i) => String(100 + i));
  await admin.ensureTopics([topics.audit, topics.timers, topics.agents, ...agents.flatMap((a) => [topics.exec(a), topics.dlq(topics.exec(a))])].map((topic) => ({ topic })));
  const stop = await listen();
  const producer = new BusProducer(kafka);
  await producer.connect();
  const runs: Run[] = [];
  try {
    for (const [i, { kind, k }] of scenarios.entries()) {
      if (kind === 'custom') out(`custom floor (the script alone, spawned from a bare process): ${await customFloor(dir, CUSTOM_N)} runs/s`);
      const r = await runOne(dir, { trustedKeysFile: files.trustedKeysFile, sign: (m) => signer.sign(m) }, producer, kind, k, agents[i]);
      runs.push(r);
      out(`${kind.padEnd(7)} with ${String(k).padStart(6)} keys active: ${String(r.perSecond).padStart(5)} commands/s (${r.commands} in ${r.seconds.toFixed(2)} s; boot + re-announce ${r.bootReconcileSeconds.toFixed(1)} s; RSS ${r.rssMiB} MiB; state log ${r.stateLogMiB} MiB)`);
    }
  } finally {
    await producer.disconnect();
    await stop();
    rmSync(dir, { recursive: true, force: true });
    const all = await admin.listTopics();
    await admin.deleteTopics(all.filter((t) => t.startsWith(ns)));
  }
  const at = (kind: Kind, k: number) => runs.find((r) => r.kind === kind && r.activeKeys === k)?.perSecond;
  const top = Math.max(...KEYS);
  out(`targets at ${top} keys: built-in ${at('builtin', top)}/s (≥ 1000), custom ${at('custom', top)}/s (≥ 100)`);
  const result = { when: new Date().toISOString(), runs };
  const file = path.join(root, 'bench/results', `executor-${result.when.replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  out(`written ${path.relative(process.cwd(), file)}`);
}

main().then(() => process.exit(0), (e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
