import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { HEADER, topicsFor, type AgentHeartbeat, type Topics } from '@riposte/contracts';
import { BusAdmin, type BusProducer } from '@riposte/bus';
import { connectedProducer, kafkaBrokers, requireKafka, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { addCommand, alertFor, auditsWhere, executorEnv, ExecutorProcesses, makeHome, readState, removeHome, schedulesFor, some, useExecutorFixture, valuesOn } from '../testing/executor-harness';

const HANG = 'hang-after-reply';
const resolution = { arName: `${HANG}600`, executable: HANG, timeoutSeconds: 600 };

/**
 * A stateful script that, once execd has answered its check_keys (the key is saved by then), records its pid and
 * sleeps: the executor is killed while the add runs, before its timer request is flushed.
 */
function writeHangingScript(home: string, srcip: string): string {
  const file = path.join(home, 'active-response/bin', HANG);
  const pidFile = path.join(home, 'hang.pid');
  const keys = JSON.stringify({ version: 1, origin: { name: HANG, module: 'active-response' }, command: 'check_keys', parameters: { keys: [srcip] } });
  writeFileSync(file, `#!/bin/sh\nread -r line\necho '${keys}'\nread -r reply\necho $$ > '${pidFile}'\nexec sleep 120\n`, { mode: 0o755 });
  return pidFile;
}

describe('reconciliation (issue 11): every active key is re-announced at boot and every EXECUTOR_RECONCILE_MS', () => {
  describe('when the executor is killed between "add ran" and "timer request published"', () => {
    const AGENT = '011';
    const SRCIP = '10.11.0.1';
    const RKEY = `${HANG}-${SRCIP}`;
    let kafka: Kafka;
    let producer: BusProducer;
    let rec: TopicRecorder;
    let topics: Topics;
    let namespace: string;
    const home = makeHome();
    const procs = new ExecutorProcesses(() => executorEnv({ home, namespace, agentId: AGENT, brokers: kafkaBrokers(), extra: { EXECUTOR_SCRIPT_TIMEOUT_MS: '60000', LOG_LEVEL: 'warn' } }));
    let scriptPid: number | undefined;

    beforeAll(async () => {
      kafka = await requireKafka();
      namespace = uniqueName('exec');
      topics = topicsFor(namespace);
      await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, topics.agents, topics.exec(AGENT)].map((topic) => ({ topic })));
      rec = await new TopicRecorder(kafka, [topics.timers, topics.audit, topics.agents]).start();
      producer = await connectedProducer(kafka);
    }, 60_000);

    afterAll(async () => {
      procs.killAll();
      if (scriptPid) {
        try {
          process.kill(scriptPid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await rec?.stop();
      await producer?.disconnect();
      removeHome(home);
    });

    const startChild = () => procs.start();
    const waitOrExplain = <T>(what: string, predicate: () => T | Promise<T>) => procs.waitOrExplain(what, predicate);

    it('the re-announce at boot still gets the key its timer, though the redelivered add is skipped as expired', async () => {
      const pidFile = writeHangingScript(home, SRCIP);
      const first = startChild();
      // Sent once the executor is up, with an expiry it cannot miss on a loaded machine but that passes before the restart.
      await waitOrExplain('the executor never came online', () => valuesOn<AgentHeartbeat>(rec, topics.agents).some((h) => h.agentId === AGENT && h.status === 'online'));
      const add = addCommand(topics, AGENT, { command: `${HANG}600`, alert: alertFor(SRCIP, { id: '11.1' }), resolution, ttlMs: 20_000 });
      await producer.send([add]);
      await waitOrExplain('the script never got its reply', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
      scriptPid = Number(readFileSync(pidFile, 'utf8'));
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const saved = readState(home).active[RKEY];
      expect(saved).toBeDefined();
      expect(schedulesFor(rec, topics, RKEY)).toEqual([]); // killed before the flush: no timer anywhere

      // Back after the add expired: the redelivered add is skipped, the key is still active.
      await waitFor(() => Date.now() > Number(add.headers?.[HEADER.expiresAt] ?? 0) + 100 || undefined, { timeoutMs: 60_000 });
      startChild();
      const [announced] = await waitOrExplain('no re-announce', () => some(schedulesFor(rec, topics, RKEY)));
      expect(announced).toMatchObject({ type: 'schedule', agentId: AGENT, rkey: RKEY, reconcile: true, addedAt: saved.addedAt, timeoutSeconds: 600, arName: `${HANG}600`, deleteMessage: saved.deleteMessage, trigger: { alertId: '11.1', ruleId: '5712' } });
      await waitOrExplain('the redelivered add was not skipped', () => some(auditsWhere(rec, topics, (e) => e.alertId === '11.1' && e.type === 'command.skipped')));
      expect(auditsWhere(rec, topics, (e) => e.alertId === '11.1' && e.type === 'command.skipped').map((e) => e.reason)).toEqual(['expired']);
    }, 300_000);
  });

  describe('when keys stay active', () => {
    const AGENT = '012';
    const fx = useExecutorFixture({ agentId: AGENT, scripts: { 'rec-stateful': 'stateful' }, extra: { EXECUTOR_RECONCILE_MS: '1000' } });

    it('each is re-announced every period with its generation and its delete', async () => {
      const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };
      await fx.producer.send(['10.12.0.1', '10.12.0.2'].map((ip) => addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor(ip), resolution: stateful })));
      for (const ip of ['10.12.0.1', '10.12.0.2']) {
        const rkey = `rec-stateful-${ip}`;
        const list = await waitFor(() => (schedulesFor(fx.rec, fx.topics, rkey).filter((s) => s.reconcile).length >= 2 ? schedulesFor(fx.rec, fx.topics, rkey) : undefined), { timeoutMs: 30_000 });
        const [added] = list.filter((s) => !s.reconcile);
        expect(added.reconcile).toBeUndefined();
        expect(list.filter((s) => s.reconcile).map((s) => s.addedAt)).toEqual(list.filter((s) => s.reconcile).map(() => added.addedAt));
        expect(list.filter((s) => s.reconcile).every((s) => s.deleteMessage.command === 'delete' && s.trigger.alertId === added.trigger.alertId)).toBe(true);
      }
    }, 60_000);
  });
});
