/**
 * `npm run bench:pipeline`: N alerts through alert-ingest → matcher → executor (a dry-run firewall-drop, run
 * in-process) on the real broker, against two floors in the same run: raw kafkajs carrying N 13-byte messages over
 * one hop, and the fair floor — the same alerts over the same two hops through libs/bus, with no service logic. Prints throughput and p50/p99 latency (ingest → script start, from the audit topic) and writes JSON under
 * bench/results/. Env: BENCH_ALERTS (default 20000), BENCH_RATE (alerts/s for the latency run, default 1000),
 * BENCH_AGENTS (executors, default 2), BENCH_SIGNING (`both` (default): the stack twice in the same run, with signing
 * on and then off, and the throughput lost to signing; `on`; `off`).
 *
 * "Off" starts the same services with bench/signing-off.preload.cjs, which replaces Ed25519 sign/verify by constants,
 * so the difference is the cost of the signatures alone. No service has a switch to turn verification off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { topicsFor, type AuditEvent } from '@riposte/contracts';
import { BusAdmin, BusProducer, ConsumerHost, createKafka, ensureAgentKey, generateIssuerKeys, kafkaConfigFromEnv } from '@riposte/bus';
import { createRedis, RedisAgentKeyStore, redisOptionsFromEnv, StoreKeys } from '@riposte/store';

/** The bench's own POST /alerts token, random per run. */
const INGEST_TOKEN = randomBytes(24).toString('base64url');

const N = Number(process.env.BENCH_ALERTS ?? 20000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const AGENTS = Array.from({ length: Number(process.env.BENCH_AGENTS ?? 2) }, (_, i) => String(i + 1).padStart(3, '0'));
const root = path.resolve(__dirname, '..', '..');
const env = { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', LOG_LEVEL: 'warn' };
const kafka = createKafka(kafkaConfigFromEnv(env, 'bench'));
const admin = new BusAdmin(kafka);
const runId = `bench${Date.now().toString(36)}`;
const SIGNING = process.env.BENCH_SIGNING ?? 'both';
if (!['both', 'on', 'off'].includes(SIGNING)) throw new Error(`BENCH_SIGNING must be both, on or off, not '${SIGNING}'`);
const SIGNING_OFF_PRELOAD = path.join(root, 'bench/signing-off.preload.cjs');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const freePort = () => new Promise<number>((r) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => r(port)); }); });

async function floor(n: number): Promise<{ seconds: number; perSecond: number; p50: number; p99: number }> {
  const topic = `${runId}.floor`;
  await admin.ensureTopics([{ topic, numPartitions: 6 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${runId}.floor`, maxWaitTimeInMs: 50 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const lat: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({ eachBatch: async ({ batch }) => { const now = Date.now(); for (const m of batch.messages) lat.push(now - Number(m.value!.toString())); if (lat.length >= n) done(); } });
  const t0 = Date.now();
  for (let i = 0; i < n; i += 500) {
    const at = String(Date.now());
    await producer.send({ topic, acks: -1, messages: Array.from({ length: Math.min(500, n - i) }, (_, j) => ({ key: String((i + j) % 64), value: at })) });
  }
  await finished;
  const seconds = (Date.now() - t0) / 1000;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return { seconds, perSecond: n / seconds, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** One bench alert, as posted to ingest (about 300 bytes of JSON). */
function benchAlert(i: number, phase: string) {
  return { timestamp: new Date().toISOString(), id: `${phase}.${i}`, rule: { id: '5712', level: 10, groups: ['syslog', 'sshd'] }, agent: { id: AGENTS[i % AGENTS.length], name: 'bench' }, data: { srcip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }, location: '/var/log/auth.log' };
}

/**
 * The fair floor: the pipeline's own hops and payloads with no service logic. The bench alerts go through the
 * libs/bus producer (sends of 1,000, as one HTTP body) to a 6-partition topic; a libs/bus ConsumerHost relays each
 * one as a command-sized message (the Wazuh AR message around the alert, with headers the size of a signed
 * command's) to its agent's topic; one ConsumerHost per agent topic consumes them. Same settings as the services.
 */
async function fairFloor(n: number): Promise<{ seconds: number; perSecond: number; p50: number; p99: number; alertBytes: number; commandBytes: number }> {
  const alertsTopic = `${runId}.fair.alerts`;
  const agentTopic = (a: string) => `${runId}.fair.exec.${a}`;
  await admin.ensureTopics([{ topic: alertsTopic, numPartitions: 6 }, ...AGENTS.map((a) => ({ topic: agentTopic(a) }))]);
  const producer = new BusProducer(kafka);
  await producer.connect();
  const signedHeaders = { 'x-message-id': 'x'.repeat(36), 'x-issued-at': String(Date.now()), 'x-expires-at': String(Date.now()), 'x-trace-id': 'x'.repeat(36), 'x-type': 'command.add', 'x-key-id': 'x'.repeat(16), 'x-signature': 'x'.repeat(88), 'x-agent-id': '001', 'x-rkey': 'x'.repeat(40) };
  let commandBytes = 0;
  const relay = new ConsumerHost(kafka, producer, {
    groupId: `${runId}.fair.relay`,
    topics: [alertsTopic],
    handle: async (m) => {
      const alert = JSON.parse(m.value!.toString()) as ReturnType<typeof benchAlert>;
      const value = JSON.stringify({ version: 1, origin: { name: 'node01', module: 'wazuh-analysisd' }, command: 'add', parameters: { extra_args: [], alert, program: 'firewall-drop' } });
      commandBytes = value.length;
      return [{ topic: agentTopic(alert.agent.id), key: alert.agent.id, value, headers: { ...signedHeaders, 'x-sent-at': m.headers['x-sent-at'] ?? '' } }];
    },
  });
  const lat: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const sinks = AGENTS.map((a) => new ConsumerHost(kafka, producer, {
    groupId: `${runId}.fair.exec.${a}`,
    topics: [agentTopic(a)],
    handle: async (m) => {
      lat.push(Date.now() - Number(m.headers['x-sent-at']));
      if (lat.length >= n) done();
    },
  }));
  const hosts = [relay, ...sinks];
  await Promise.all(hosts.map((h) => h.start()));
  await Promise.all(hosts.map((h) => h.joined));
  let alertBytes = 0;
  const t0 = Date.now();
  for (let i = 0; i < n; i += 1000) {
    const at = String(Date.now());
    const batch = Array.from({ length: Math.min(1000, n - i) }, (_, j) => {
      const value = JSON.stringify(benchAlert(i + j, 'fair'));
      alertBytes = value.length;
      return { topic: alertsTopic, key: AGENTS[(i + j) % AGENTS.length], value, headers: { 'x-sent-at': at } };
    });
    await producer.send(batch);
  }
  await finished;
  const seconds = (Date.now() - t0) / 1000;
  await Promise.all(hosts.map((h) => h.stop()));
  await producer.disconnect();
  return { seconds, perSecond: n / seconds, p50: pct(lat, 50), p99: pct(lat, 99), alertBytes, commandBytes };
}

function start(service: string, ns: string, signing: boolean, extra: NodeJS.ProcessEnv): ChildProcess {
  const args = [...(signing ? [] : ['-r', SIGNING_OFF_PRELOAD]), path.join(root, 'dist/services', service, 'src/main.js')];
  return spawn(process.execPath, args, { env: { ...env, RIPOSTE_TOPIC_NAMESPACE: ns, RIPOSTE_REDIS_PREFIX: ns, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] });
}

interface StackResult {
  readonly signing: boolean;
  readonly pipeline: { seconds: number; perSecond: number; delivered: number; p50: number; p99: number };
  readonly steady: { rate: number; delivered: number; sent: number; p50: number; p99: number };
}

/** One whole stack on its own topic namespace: warm-up, the throughput run, the steady-rate run, then stopped. */
async function runStack(dir: string, conf: string, signing: boolean): Promise<StackResult> {
  // Its own topics and Redis prefix per stack: the agents it enrols go with it, and a demo's registry is never touched.
  const ns = `${runId}${signing ? 's' : 'u'}`;
  const topics = topicsFor(ns);
  const label = signing ? 'signing on' : 'signing off';
  // Commands are signed: the matcher with the issuer key, the executors trust it.
  const keys = generateIssuerKeys(path.join(dir, `keys-${ns}`));
  await admin.ensureTopics([{ topic: topics.alerts, numPartitions: 6 }, { topic: topics.audit }, ...AGENTS.map((a) => ({ topic: topics.exec(a) }))]);
  const ingestPort = await freePort();
  const tokensFile = path.join(dir, 'ingest-tokens.json');
  writeFileSync(tokensFile, JSON.stringify({ tokens: [{ name: 'bench', token: INGEST_TOKEN, role: 'ingest' }] }), { mode: 0o600 });
  // Agent identity: each executor's key, enrolled before the matcher starts (it sends commands to enrolled agents only).
  const redis = createRedis(redisOptionsFromEnv(env));
  const agentKeys = new RedisAgentKeyStore(redis, new StoreKeys(ns));
  const keyFileOf = (a: string) => path.join(dir, `keys-${ns}`, `agent-${a}.key`);
  for (const a of AGENTS) await agentKeys.enrol(a, ensureAgentKey(keyFileOf(a)).publicKeyPem, 'bench', Date.now());
  const children = [
    start('alert-ingest', ns, signing, { INGEST_PORT: String(ingestPort), INGEST_MAX_BODY_BYTES: String(64 * 1024 * 1024), INGEST_TOKENS_FILE: tokensFile }),
    start('matcher', ns, signing, { MATCHER_PORT: String(await freePort()), MATCHER_OSSEC_CONF: conf, RIPOSTE_SIGNING_KEY_FILE: keys.privateKeyFile, RIPOSTE_SIGNING_KEY_ID: keys.keyId }),
    ...AGENTS.map((a) => {
      const home = path.join(dir, ns, a);
      for (const d of ['active-response/bin', 'logs', 'etc/shared', 'var']) mkdirSync(path.join(home, d), { recursive: true });
      return start('executor', ns, signing, { AGENT_ID: a, EXECUTOR_HOME: home, EXECUTOR_DRY_RUN: 'true', EXECUTOR_TRUSTED_KEYS_FILE: keys.trustedKeysFile, EXECUTOR_KEY_FILE: keyFileOf(a) });
    }),
  ];
  const started = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `${ns}.bench-audit`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.audit, fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => { for (const m of batch.messages) { const e = JSON.parse(m.value!.toString()) as AuditEvent; if (e.type === 'script.started' && e.alertId) started.set(e.alertId, e.at); } } });

  const sentAt = new Map<string, number>();
  const alert = benchAlert;
  const post = async (alerts: object[]) => {
    const res = await fetch(`http://127.0.0.1:${ingestPort}/alerts`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${INGEST_TOKEN}` }, body: alerts.map((a) => JSON.stringify(a)).join('\n') });
    if (!res.ok) throw new Error(`POST /alerts ${res.status}`);
  };
  const waitAll = async (ids: string[], timeoutMs: number) => { const end = Date.now() + timeoutMs; while (ids.some((id) => !started.has(id)) && Date.now() < end) await new Promise((r) => setTimeout(r, 50)); };

  // Wait until the services answer: one warm-up alert per agent reaches its script.
  const warm = AGENTS.map((_, i) => alert(i, 'warm'));
  for (let tries = 0; tries < 120; tries++) { try { await post(warm); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
  await waitAll(warm.map((w) => w.id), 120000);

  // Throughput: N alerts as fast as ingest takes them, in batches of 1,000.
  const t0 = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < N; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - i) }, (_, j) => alert(i + j, 'tput'));
    const at = Date.now();
    for (const a of batch) { sentAt.set(a.id, at); ids.push(a.id); }
    await post(batch);
  }
  await waitAll(ids, 300000);
  const tputSeconds = (Math.max(...ids.map((id) => started.get(id) ?? Date.now())) - t0) / 1000;
  const tputLat = ids.filter((id) => started.has(id)).map((id) => started.get(id)! - sentAt.get(id)!);

  // Latency at a steady RATE alerts/s for 10 s, in 100 ms slices.
  const latIds: string[] = [];
  const slices = 100;
  for (let s = 0; s < slices; s++) {
    const batch = Array.from({ length: Math.round(RATE / 10) }, (_, j) => alert(s * 100000 + j, 'lat'));
    const at = Date.now();
    for (const a of batch) { sentAt.set(a.id, at); latIds.push(a.id); }
    await post(batch);
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - at))));
  }
  await waitAll(latIds, 120000);
  const rateLat = latIds.filter((id) => started.has(id)).map((id) => started.get(id)! - sentAt.get(id)!);

  const result: StackResult = {
    signing,
    pipeline: { seconds: tputSeconds, perSecond: ids.length / tputSeconds, delivered: tputLat.length, p50: pct(tputLat, 50), p99: pct(tputLat, 99) },
    steady: { rate: RATE, delivered: rateLat.length, sent: latIds.length, p50: pct(rateLat, 50), p99: pct(rateLat, 99) },
  };
  console.log(`pipeline, ${label} (ingest → script start, ${N} alerts, ${AGENTS.length} executors): ${result.pipeline.perSecond.toFixed(0)} alerts/s, p50 ${result.pipeline.p50} ms, p99 ${result.pipeline.p99} ms (delivered ${tputLat.length}/${N})`);
  console.log(`steady ${RATE} alerts/s, ${label}: p50 ${result.steady.p50} ms, p99 ${result.steady.p99} ms (delivered ${rateLat.length}/${latIds.length})`);

  await consumer.disconnect();
  // Stop the services before their topics go away (an executor whose topics vanish keeps retrying).
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 15000).unref();
  })));
  const all = await admin.listTopics();
  await admin.deleteTopics(all.filter((t) => t.startsWith(ns)));
  for (const a of AGENTS) await agentKeys.revoke(a);
  redis.disconnect();
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-bench-'));
  const conf = path.join(dir, 'ossec.conf');
  writeFileSync(conf, `<ossec_config><command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
<active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>0</timeout></active-response></ossec_config>`);
  const floorResult = await floor(N);
  console.log(`floor (raw kafkajs produce→consume, ${N} msgs): ${floorResult.perSecond.toFixed(0)} msg/s, p50 ${floorResult.p50} ms, p99 ${floorResult.p99} ms`);
  const fair = await fairFloor(N);
  console.log(`fair floor (libs/bus: ${fair.alertBytes}-byte alerts → 6 partitions → relay → ${fair.commandBytes}-byte commands → ${AGENTS.length} agent topics, ${N} msgs): ${fair.perSecond.toFixed(0)} msg/s, p50 ${fair.p50} ms, p99 ${fair.p99} ms`);
  const modes = SIGNING === 'both' ? [true, false] : [SIGNING === 'on'];
  const stacks: StackResult[] = [];
  for (const signing of modes) stacks.push(await runStack(dir, conf, signing));
  const on = stacks.find((r) => r.signing);
  const off = stacks.find((r) => !r.signing);
  const primary = on ?? off!;
  const signingCost = on && off ? 1 - on.pipeline.perSecond / off.pipeline.perSecond : undefined;
  const result = {
    when: new Date().toISOString(),
    alerts: N,
    agents: AGENTS.length,
    floor: floorResult,
    fairFloor: fair,
    pipeline: primary.pipeline,
    steady: primary.steady,
    ratio: primary.pipeline.perSecond / floorResult.perSecond,
    fairRatio: primary.pipeline.perSecond / fair.perSecond,
    ...(off && on && { signingOff: { pipeline: off.pipeline, steady: off.steady }, signingThroughputLoss: signingCost }),
  };
  console.log(`pipeline/floor throughput ratio: ${result.ratio.toFixed(2)} (raw floor), ${result.fairRatio.toFixed(2)} (fair floor)`);
  if (signingCost !== undefined) console.log(`throughput lost to signing (same run, on ${on!.pipeline.perSecond.toFixed(0)} vs off ${off!.pipeline.perSecond.toFixed(0)} alerts/s): ${(signingCost * 100).toFixed(1)}% (target < 5%)`);
  const out = path.join(root, 'bench/results', `pipeline-${result.when.replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), out)}`);
  const leftover = await admin.listTopics();
  await admin.deleteTopics(leftover.filter((t) => t.startsWith(runId)));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
