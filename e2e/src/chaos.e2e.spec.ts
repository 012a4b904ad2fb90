/**
 * Issue 11 Deliver 6, the chaos suite: 2,000 stateful alerts with distinct srcips through the whole pipeline as
 * real processes (alert-ingest, 2 matchers, 1 scheduler, executors 001 and 002 running a cheap recording script),
 * on a Kafka broker of its own (it restarts it; the shared broker never goes down) and the shared Redis under this
 * file's unique prefix. During the feed: SIGKILL a matcher (not restarted), the scheduler (restarted), an executor
 * (restarted), and executor 002 again right after an add and before that add's timer request is published. Then
 * the broker restarts and every Redis key of the prefix is deleted (the FLUSHALL of this deployment). Result:
 * exactly one add and one delete per srcip, no delete before timeout − 1 s, every delete within one reconcile
 * period of its due time. Counts and lateness are printed.
 *
 * Run by `npm run test:chaos`, not yet by `npm test`: on this 2-core machine it still fails (last run: 1,999 of
 * 2,000 srcips with exactly one add and one delete, none early, but every delete later than one reconcile period:
 * a custom script runs at ~5/s per executor, so the deletes queue behind the adds; and the trap add expires in that
 * backlog before it runs). It joins `npm test` once executor throughput (issue 12, Deliver 4) lets it pass.
 */
import { AlertV1, createEnvelope, topicsFor, withEnvelope, type Topics } from '@riposte/contracts';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { anAlert, armScriptTrap, deleteKeys, requireRedis, settle, startPrivateKafka, timedRuns, uniqueName, waitFor, writeTimedScript, type PrivateKafka } from '@riposte/testing';
import { judge } from './chaos-verdict';
import { Pipeline } from './pipeline-harness';

const TIMEOUT_S = 20;
/** Short, so the suite sees reconciliation work within its few minutes (the default is 5 min). */
const RECONCILE_MS = 10_000;
/** One delete's own trip on top of the reconcile bound: scheduler tick, Kafka, executor poll, the script start. */
const DELIVERY_MS = 3_000;
/** Shorter than the reconcile period, so a scheduler killed mid-claim gives its claims back within it. */
const SCHEDULER_LEASE_MS = 5_000;
const ALERTS = 2000;
const AGENTS = ['001', '002'] as const;
const CHUNK = 100;
const CHUNK_EVERY_MS = 1000;
/** The trapped alert's TTL: its add is redelivered after the crash only once expired, as in the report. */
const TRAP_TTL_MS = 15_000;
/** How long the trap waits for executor 002 to drain its backlog first, so the short TTL measures the crash, not the queue. */
const TRAP_CATCH_UP_MS = 30_000;
const TRAP_INDEX = 1301; // odd: agent 002, in the 14th chunk
/** The longest wait for the deletes after the Redis flush (the suite's bound; a healthy run needs ~35 s). */
const WAIT_CAP_MS = 120_000;
const SCRIPT = 'chaos-drop';

const POLICY = `<ossec_config>
  <global><white_list>127.0.0.1</white_list></global>
  <command><name>${SCRIPT}</name><executable>${SCRIPT}</executable><timeout_allowed>yes</timeout_allowed></command>
  <active-response><command>${SCRIPT}</command><location>local</location><rules_id>5712</rules_id><timeout>${TIMEOUT_S}</timeout></active-response>
</ossec_config>`;

const srcipOf = (i: number) => `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const agentOf = (i: number) => AGENTS[i % 2];
const ndjson = (alerts: object[]) => alerts.map((a) => JSON.stringify(a)).join('\n') + '\n';
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('chaos: SIGKILLs, a broker restart and a Redis flush during 2,000 stateful alerts', () => {
  const ns = uniqueName('chaos');
  const prefix = uniqueName('chaos');
  const topics: Topics = topicsFor(ns);
  let broker: PrivateKafka;
  let producer: BusProducer;
  let pipe: Pipeline;

  beforeAll(async () => {
    (await requireRedis()).disconnect();
    broker = await startPrivateKafka();
    const kafka = broker.kafka();
    await new BusAdmin(kafka).ensureTopics([
      { topic: topics.rawAlerts }, { topic: topics.alerts, numPartitions: 6 }, { topic: topics.audit }, { topic: topics.timers },
      { topic: topics.agents }, { topic: topics.dlq(topics.alerts) }, { topic: topics.dlq(topics.rawAlerts) },
      ...AGENTS.flatMap((a) => [{ topic: topics.exec(a) }, { topic: topics.dlq(topics.exec(a)) }]),
    ]);
    producer = new BusProducer(kafka);
    await producer.connect();

    pipe = new Pipeline(ns, prefix, POLICY, { kafkaBrokers: broker.brokers });
    // The trap holds its add for 20 s: the script limit must be longer, or the executor would end it first.
    for (const a of AGENTS) pipe.executor(a, undefined, { EXECUTOR_RECONCILE_MS: String(RECONCILE_MS), EXECUTOR_SCRIPT_TIMEOUT_MS: '30000' });
    for (const a of AGENTS) writeTimedScript(pipe.home(a), SCRIPT, 20);
    await pipe.enrolAgents(AGENTS);
    await Promise.all([pipe.ingest(), pipe.matcher('matcher-a'), pipe.matcher('matcher-b'), pipe.scheduler({ SCHEDULER_LEASE_MS: String(SCHEDULER_LEASE_MS) })]);
    await Promise.all(pipe.processes.map((p) => p.waitForOutput('service started', 120000)));
  }, 300000);

  afterAll(async () => {
    await pipe?.stop();
    await producer?.disconnect().catch(() => undefined);
    await broker?.stop();
  }, 120000);

  it('exactly one add and one delete per srcip, none early, none later than one reconcile period past due', async () => {
    const expected = new Map(Array.from({ length: ALERTS }, (_, i) => [srcipOf(i), agentOf(i)] as const));
    const outages: { what: string; from: number; to: number; agentId?: string }[] = [];
    const events: string[] = [];
    const t0 = Date.now();
    const mark = (what: string) => events.push(`${secs(Date.now() - t0)} ${what}`);
    const down = (what: string, agentId?: string) => {
      const o = { what, from: Date.now(), to: Number.POSITIVE_INFINITY, ...(agentId && { agentId }) };
      outages.push(o);
      mark(`${what} down`);
      return o;
    };
    const killAndRestart = async (name: string, agentId?: string) => {
      const o = down(`${name} SIGKILL`, agentId);
      await pipe.kill(name);
      await pipe.restart(name);
      o.to = Date.now();
      mark(`${name} back`);
    };
    let trapKilled = false;
    const trap = async () => {
      const home = pipe.home('002');
      const ip = srcipOf(TRAP_INDEX);
      armScriptTrap(home, ip);
      const caughtUp = await waitFor(() => timedRuns(home, SCRIPT).filter((r) => r.command === 'add').length >= posted['002'] - 5, { timeoutMs: TRAP_CATCH_UP_MS, intervalMs: 200 }).catch(() => false);
      if (!caughtUp) mark(`executor-002 still ${posted['002'] - timedRuns(home, SCRIPT).length} adds behind after ${secs(TRAP_CATCH_UP_MS)}; trap sent anyway`);
      // Straight onto the alerts topic, as alert-ingest would publish it, but with a short TTL of its own.
      const envelope = createEnvelope({ now: Date.now(), type: AlertV1.TYPE, ttlMs: TRAP_TTL_MS });
      await producer.send([withEnvelope(topics.alerts, '002', anAlert({ agentId: '002', srcip: ip }), envelope)]);
      // The record shows the add answered continue, so its key is saved; the script still holds the add open, so
      // its timer request is not published and its offset not committed.
      const hit = await waitFor(() => timedRuns(home, SCRIPT).some((r) => r.srcip === ip && r.command === 'add'), { timeoutMs: TRAP_TTL_MS + 5000, intervalMs: 10 }).catch(() => false);
      if (!hit) return void mark(`trap ${ip} never ran (its add expired in executor-002's backlog)`);
      const o = down('executor-002 SIGKILL after the trapped add', '002');
      await pipe.kill('executor-002');
      trapKilled = true;
      // Back only once the add expired: its redelivery is skipped, so nothing but reconciliation recalls its undo.
      await settle(Math.max(0, (envelope.expiresAt ?? 0) + 500 - Date.now()));
      await pipe.restart('executor-002');
      o.to = Date.now();
      mark('executor-002 back');
    };

    // ---- the feed, with the crashes mid-stream
    const chaos: Promise<void>[] = [];
    const posted: Record<string, number> = { '001': 0, '002': 0 };
    const indexes = Array.from({ length: ALERTS }, (_, i) => i);
    for (let c = 0; c * CHUNK < ALERTS; c++) {
      const tick = Date.now();
      const chunk = indexes.slice(c * CHUNK, (c + 1) * CHUNK).filter((i) => i !== TRAP_INDEX);
      const res = await pipe.post(ndjson(chunk.map((i) => anAlert({ agentId: agentOf(i), srcip: srcipOf(i) }))));
      expect(res).toMatchObject({ accepted: chunk.length, rejected: 0 });
      for (const i of chunk) posted[agentOf(i)]++;
      if (c === 4) {
        mark('matcher-b SIGKILL (not restarted)');
        chaos.push(pipe.kill('matcher-b'));
      }
      if (c === 7) chaos.push(killAndRestart('scheduler'));
      if (c === 10) chaos.push(killAndRestart('executor-001', '001'));
      if (c === 13) chaos.push(trap());
      await settle(Math.max(0, tick + CHUNK_EVERY_MS - Date.now()));
    }
    mark('feed done');
    await Promise.all(chaos);

    // ---- then the broker restarts, and the prefix is flushed
    const b = down('Kafka broker restart');
    await broker.restart();
    b.to = Date.now();
    mark('broker back');
    const redis = await requireRedis();
    const flushed = await deleteKeys(redis, prefix);
    redis.disconnect();
    const flushAt = Date.now();
    mark(`Redis prefix flushed (${flushed} keys)`);
    // The enrolled keys went with it: they are the admin's configuration, restored as an admin would after losing
    // Redis. The timers and the registry are not restored: reconciliation must bring the undo back by itself.
    await pipe.enrolAgents(AGENTS);

    // ---- every delete, or the bound
    const runs = () => new Map(AGENTS.map((a) => [a, timedRuns(pipe.home(a), SCRIPT)] as const));
    const allDeleted = () => {
      const deleted = new Set([...runs().values()].flat().filter((r) => r.command === 'delete').map((r) => r.srcip));
      return [...expected.keys()].every((ip) => deleted.has(ip));
    };
    const done = await waitFor(allDeleted, { timeoutMs: WAIT_CAP_MS, intervalMs: 1000 }).catch(() => false);
    mark(done ? 'every srcip deleted' : `gave up waiting ${secs(WAIT_CAP_MS)} after the flush`);
    // A re-fired or duplicated delete would come within one more reconcile period.
    if (done) await settle(RECONCILE_MS + DELIVERY_MS);

    const final = runs();
    const rate = (r: readonly { at: number }[]) => (r.length < 2 ? '-' : ((r.length - 1) / ((r[r.length - 1].at - r[0].at) / 1000)).toFixed(1));
    const verdict = judge({ expected, runs: final, timeoutMs: TIMEOUT_S * 1000, reconcileMs: RECONCILE_MS, deliveryMs: DELIVERY_MS, outages });
    const exited = pipe.processes.filter((p) => p.name !== 'matcher-b' && !p.running).map((p) => p.name);
    const v = verdict;
    console.log(
      [
        `chaos suite: ${v.srcips} srcips, ${TIMEOUT_S} s timeout, reconcile ${secs(RECONCILE_MS)}, flush at ${secs(flushAt - t0)}`,
        `  adds:    exactly one ${v.oneAdd}, none ${v.noAdd}, more than one ${v.duplicateAdd} (redelivered adds absorbed as abort: ${v.absorbedAdds}; adds whose script got no reply: ${v.unansweredAdds})`,
        `  deletes: exactly one ${v.oneDelete}, none ${v.noDelete}, more than one ${v.duplicateDelete}, before their add ${v.deleteBeforeAdd}, on a wrong agent ${v.wrongAgent}`,
        `  timing:  early (< timeout − 1 s) ${v.early}, late (> due + ${secs(RECONCILE_MS)} + ${secs(DELIVERY_MS)}) ${v.late}; lateness p50 ${secs(v.latenessMs.p50)}, p99 ${secs(v.latenessMs.p99)}, max ${secs(v.latenessMs.max)}`,
        `  examples: ${JSON.stringify(v.examples)}`,
        `  services exited: ${exited.join(', ') || 'none'}; trap kill: ${trapKilled}`,
        ...[...final].map(([a, r]) => `  executor ${a}: ${r.length} script runs from ${secs((r[0]?.at ?? t0) - t0)} to ${secs((r[r.length - 1]?.at ?? t0) - t0)}, ${rate(r)} runs/s`),
        ...events.map((e) => `  ${e}`),
      ].join('\n'),
    );
    expect({ trapKilled, exited, srcips: v.srcips, oneAdd: v.oneAdd, oneDelete: v.oneDelete, wrongAgent: v.wrongAgent, deleteBeforeAdd: v.deleteBeforeAdd, early: v.early, late: v.late }).toEqual({
      trapKilled: true,
      exited: [],
      srcips: ALERTS,
      oneAdd: ALERTS,
      oneDelete: ALERTS,
      wrongAgent: 0,
      deleteBeforeAdd: 0,
      early: 0,
      late: 0,
    });
  }, 480000);
});
