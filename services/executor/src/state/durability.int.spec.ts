import type { INestApplicationContext } from '@nestjs/common';
import { topicsFor, type AgentHeartbeat, type Topics } from '@riposte/contracts';
import { BusAdmin, type BusProducer } from '@riposte/bus';
import { connectedProducer, kafkaBrokers, requireKafka, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import {
  addCommand,
  agentOssecConf,
  alertFor,
  auditsWhere,
  deleteCommand,
  executorEnv,
  makeHome,
  removeHome,
  readState,
  schedulesFor,
  scriptRuns,
  some,
  startExecutor,
  valuesOn,
  writeScript,
} from '../testing/executor-harness';

const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };

describe('executor: state across stops, offline backlog, disabled AR', () => {
  let admin: BusAdmin;
  let producer: BusProducer;
  let rec: TopicRecorder;
  let topics: Topics;
  let namespace: string;
  const apps: INestApplicationContext[] = [];
  const homes: string[] = [];
  const newHome = (files?: Parameters<typeof makeHome>[0]) => {
    const home = makeHome(files);
    homes.push(home);
    return home;
  };

  beforeAll(async () => {
    const kafka = await requireKafka();
    namespace = uniqueName('exec');
    topics = topicsFor(namespace);
    admin = new BusAdmin(kafka);
    await admin.ensureTopics([topics.timers, topics.audit, topics.agents, topics.exec('004'), topics.exec('005')].map((topic) => ({ topic })));
    rec = await new TopicRecorder(kafka, [topics.timers, topics.audit, topics.agents]).start();
    producer = await connectedProducer(kafka);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await rec?.stop();
    await producer?.disconnect();
    homes.forEach(removeHome);
  });

  const start = async (env: NodeJS.ProcessEnv) => {
    const app = await startExecutor(env);
    apps.push(app);
    return app;
  };
  const stop = async (app: INestApplicationContext) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  describe('when the executor stops and starts again with the same home', () => {
    const AGENT = '004';
    const home = newHome();
    const env = () => executorEnv({ home, namespace, agentId: AGENT, brokers: kafkaBrokers() });
    const runsFor = (srcip: string) => scriptRuns(home, 'rec-stateful').filter((r) => r.lines[0]?.includes(`"srcip":"${srcip}"`));
    const heartbeats = () => valuesOn<AgentHeartbeat>(rec, topics.agents).filter((h) => h.agentId === AGENT);

    it('a graceful stop runs no delete (deviation c), says stopping, and keeps the keys; commands wait (deviation d)', async () => {
      writeScript(home, 'rec-stateful', 'stateful');
      const app = await start(env());
      await producer.send(['10.4.0.1', '10.4.0.3'].map((ip) => addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor(ip), resolution: stateful })));
      await waitFor(() => some(schedulesFor(rec, topics, 'rec-stateful-10.4.0.3')));
      expect(heartbeats()[0]).toMatchObject({ status: 'online', arDisabled: false, version: '0.1.0', ttlMs: 1500 });
      await stop(app);
      await waitFor(() => heartbeats().at(-1)?.status === 'stopping');
      expect(scriptRuns(home, 'rec-stateful').map((r) => JSON.parse(r.lines[0]).command)).toEqual(['add', 'add']);
      expect(Object.keys(readState(home).active).sort()).toEqual(['rec-stateful-10.4.0.1', 'rec-stateful-10.4.0.3']);
    });

    it('on return: expired adds are skipped, pending deletes run, a delete without a generation is refused, and an active key aborts', async () => {
      const [due] = schedulesFor(rec, topics, 'rec-stateful-10.4.0.3');
      const later = addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.4.0.4'), resolution: stateful });
      // Issue 10: a delete must name the generation of the add it undoes; one without (even signed) lifts nothing.
      const operatorDelete = deleteCommand(topics, { agentId: AGENT, rkey: 'rec-stateful-10.4.0.4', deleteMessage: { ...later.value, command: 'delete' }, addedAt: 0 }, { withGeneration: false });
      await producer.send([
        // Expired 5 s before it is sent: within the clock skew of the signature check, so skipped by the executor.
        addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.4.0.9', { id: '4.9' }), resolution: stateful, issuedAt: Date.now() - 60_000, ttlMs: 55_000 }),
        deleteCommand(topics, due),
        later,
        operatorDelete,
        addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.4.0.1', { id: '4.1' }), resolution: stateful }),
      ]);
      await start(env());
      // The last command's audit is published with (or after) every earlier one.
      await waitFor(() => some(auditsWhere(rec, topics, (e) => e.alertId === '4.1' && e.type === 'script.ended')), { timeoutMs: 30_000 });
      expect(JSON.parse(runsFor('10.4.0.1')[1].lines[1]).command).toBe('abort');
      expect(auditsWhere(rec, topics, (e) => e.alertId === '4.9').map((e) => [e.type, e.reason])).toEqual([['command.skipped', 'expired']]);
      expect(runsFor('10.4.0.9')).toEqual([]);
      expect(runsFor('10.4.0.3').map((r) => JSON.parse(r.lines[0]).command)).toEqual(['add', 'delete']);
      expect(runsFor('10.4.0.4').map((r) => JSON.parse(r.lines[0]).command)).toEqual(['add']);
      expect(auditsWhere(rec, topics, (e) => e.type === 'command.rejected' && e.agentId === AGENT).map((e) => e.reason)).toEqual(['delete-without-generation']);
      await waitFor(() => heartbeats().at(-1)?.status === 'online');
      expect(Object.keys(readState(home).active).sort()).toEqual(['rec-stateful-10.4.0.1', 'rec-stateful-10.4.0.4']);
    }, 60_000);
  });

  describe('when the agent’s ossec.conf disables active response (spec §1.3)', () => {
    const AGENT = '005';
    const home = newHome({ ossecConf: agentOssecConf('<disabled>yes</disabled>') });

    it('every command is consumed and skipped, and the heartbeat says so', async () => {
      writeScript(home, 'rec-stateful', 'stateful');
      await start(executorEnv({ home, namespace, agentId: AGENT, brokers: kafkaBrokers() }));
      await producer.send([addCommand(topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.5.0.1', { id: '5.1' }), resolution: stateful })]);
      const [skipped] = await waitFor(() => some(auditsWhere(rec, topics, (e) => e.alertId === '5.1')));
      expect(skipped).toMatchObject({ type: 'command.skipped', reason: 'active response disabled', agentId: AGENT });
      expect(scriptRuns(home, 'rec-stateful')).toEqual([]);
      expect(valuesOn<AgentHeartbeat>(rec, topics.agents).find((h) => h.agentId === AGENT)).toMatchObject({ arDisabled: true, status: 'online' });
    });
  });
});
