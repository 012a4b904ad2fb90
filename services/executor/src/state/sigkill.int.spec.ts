import type { Admin, Kafka } from 'kafkajs';
import { groupIdsFor, topicsFor, type AgentHeartbeat, type Topics } from '@riposte/contracts';
import { BusAdmin, type BusProducer } from '@riposte/bus';
import { connectedProducer, kafkaBrokers, requireKafka, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { addCommand, alertFor, deleteCommand, executorEnv, ExecutorProcesses, makeHome, readState, removeHome, schedulesFor, scriptRuns, some, valuesOn, writeScript } from '../testing/executor-harness';

const AGENT = '006';
const RKEY = 'rec-stateful-10.6.0.1';

describe('executor as a real process: SIGKILL (deviation b), SIGTERM (deviation c)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: BusProducer;
  let rec: TopicRecorder;
  let topics: Topics;
  let namespace: string;
  const home = makeHome();
  const procs = new ExecutorProcesses(() => executorEnv({ home, namespace, agentId: AGENT, brokers: kafkaBrokers(), extra: { EXECUTOR_SCRIPT_TIMEOUT_MS: '2000', LOG_LEVEL: 'warn' } }));

  beforeAll(async () => {
    kafka = await requireKafka();
    namespace = uniqueName('exec');
    topics = topicsFor(namespace);
    writeScript(home, 'rec-stateful', 'stateful');
    await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, topics.agents, topics.exec(AGENT)].map((topic) => ({ topic })));
    rec = await new TopicRecorder(kafka, [topics.timers, topics.agents]).start();
    producer = await connectedProducer(kafka);
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    procs.killAll();
    await rec?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    removeHome(home);
  });

  const startChild = () => procs.start();
  const waitOrExplain = <T>(what: string, predicate: () => T | Promise<T>) => procs.waitOrExplain(what, predicate);

  const committed = async () => {
    const [t] = await admin.fetchOffsets({ groupId: groupIdsFor(namespace).executor(AGENT), topics: [topics.exec(AGENT)] });
    return Number(t.partitions[0].offset);
  };

  it('the delete published after a restart still runs', async () => {
    const first = startChild();
    await producer.send([addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.6.0.1'), resolution: { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 } })]);
    await waitOrExplain('no timer request', () => some(schedulesFor(rec, topics, RKEY)));
        first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // The key was on disk before the timer request went out.
    expect(Object.keys(readState(home).active)).toEqual([RKEY]);

    const second = startChild();
    // Once the add's offset is committed, a redelivered add (killed before its commit) has taken the abort path.
    await waitOrExplain('add never committed', async () => (await committed()) >= 1);
        const latest = schedulesFor(rec, topics, RKEY).at(-1)!;
    expect(readState(home).active[RKEY].addedAt).toBe(latest.addedAt);

    await producer.send([deleteCommand(topics, latest)]);
    await waitOrExplain('delete never ran', () => scriptRuns(home, 'rec-stateful').some((r) => JSON.parse(r.lines[0]).command === 'delete'));
        const runs = scriptRuns(home, 'rec-stateful');
    expect(runs.at(-1)!.lines).toEqual([JSON.stringify(latest.deleteMessage)]);
    expect(runs.filter((r) => JSON.parse(r.lines[0]).command === 'add').map((r) => JSON.parse(r.lines[1]).command)).toEqual(runs.length === 2 ? ['continue'] : ['continue', 'abort']);
    await waitFor(() => readState(home).active[RKEY] === undefined);

    // A graceful stop (SIGTERM) leaves the group and the blocks in place: no delete runs (deviation c).
    await producer.send([addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.6.0.2'), resolution: { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 } })]);
    await waitOrExplain('no timer request for the second add', () => some(schedulesFor(rec, topics, 'rec-stateful-10.6.0.2')));
    const before = scriptRuns(home, 'rec-stateful').length;
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    // Nest closes the app (consumer leaves, then `stopping`) and re-raises the signal.
    expect(second.signalCode).toBe('SIGTERM');
    await waitOrExplain('no stopping heartbeat', () => valuesOn<AgentHeartbeat>(rec, topics.agents).some((h) => h.agentId === AGENT && h.status === 'stopping'));
    expect(scriptRuns(home, 'rec-stateful')).toHaveLength(before);
    expect(Object.keys(readState(home).active)).toEqual(['rec-stateful-10.6.0.2']);
  }, 300_000);
});
