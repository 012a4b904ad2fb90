/**
 * The executor as a process on the real broker, replaying the Shellshock lab (learning-wazuh/shellshock.rst): the
 * add it receives is the lab's, and its active-responses.log reads, line for line, like the lab's capture (built-ins
 * in dry run: the system commands are logged, not run).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import { ArMessageV1, createEnvelope, ExecCommandV1, toHeaders, topicsFor, type ArMessage, type Schedule } from '@riposte/contracts';
import { BusAdmin, type BusProducer } from '@riposte/bus';
import { agentOssecConf, connectedProducer, kafkaBrokers, makeAgentHome, removeHome, requireKafka, ServiceProcess, signed, testIssuer, TopicRecorder, uniqueName, waitFor } from '@riposte/testing';
import { shellshockLog } from './wazuh-fixtures';

const AGENT = '005';
const PREFIX = 'active-response/bin/firewall-drop: ';

describe('executor on the Shellshock lab add and delete (active-responses.log)', () => {
  const capture = shellshockLog().map((l) => `${l.argv0}: ${l.msg}`);
  const labAdd = JSON.parse(capture[1].slice(PREFIX.length)) as ArMessage;
  const topics = topicsFor(uniqueName('conformance'));
  const home = makeAgentHome({ ossecConf: agentOssecConf('<disabled>no</disabled>') });
  const issuer = testIssuer();
  let kafka: Kafka;
  let rec: TopicRecorder;
  let producer: BusProducer;
  let executor: ServiceProcess;

  const logLines = () =>
    readFileSync(path.join(home, 'logs/active-responses.log'), 'utf8').trim().split('\n').filter((l) => l.includes(` ${PREFIX}`));

  beforeAll(async () => {
    kafka = await requireKafka();
    await new BusAdmin(kafka).ensureTopics([topics.timers, topics.audit, topics.agents, topics.exec(AGENT)].map((topic) => ({ topic })));
    rec = await new TopicRecorder(kafka, [topics.timers]).start();
    producer = await connectedProducer(kafka);
    executor = new ServiceProcess('executor', 'executor', {
      KAFKA_BROKERS: kafkaBrokers(),
      RIPOSTE_TOPIC_NAMESPACE: topics.namespace,
      AGENT_ID: AGENT,
      EXECUTOR_HOME: home,
      EXECUTOR_DRY_RUN: 'true',
      EXECUTOR_HEARTBEAT_MS: '500',
      EXECUTOR_SCRIPT_TIMEOUT_MS: '5000',
      EXECUTOR_TRUSTED_KEYS_FILE: issuer.trustedKeysFile,
    }).start();
    await executor.waitForOutput('service started', 90000);
  }, 120000);
  afterAll(async () => {
    await executor?.stop();
    await rec?.stop();
    await producer?.disconnect();
    removeHome(home);
  });

  it('writes the lab’s Starting, input, check_keys, continue and Ended for the add, then the delete', async () => {
    const value = ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: 'firewall-drop300', extraArgs: [], alert: labAdd.parameters.alert as Record<string, unknown> });
    const envelope = createEnvelope({ now: Date.now(), type: ExecCommandV1.TYPE_ADD });
    await producer.send([signed({
      topic: topics.exec(AGENT), key: AGENT, value,
      headers: { ...toHeaders(envelope), ...ExecCommandV1.resolutionHeader({ arName: 'firewall-drop300', executable: 'firewall-drop', timeoutSeconds: 300 }) },
    }, AGENT, issuer)]);
    const schedule = await waitFor(() => rec.json<Schedule>(topics.timers).find((s) => s.rkey === 'firewall-drop-192.168.56.3'), { timeoutMs: 30000, message: 'the timer request' });
    const lines = logLines();
    for (const l of lines) expect(l).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: /);
    expect(lines.slice(0, 4).map((l) => l.slice(20))).toEqual(capture.slice(0, 4));
    expect(lines.slice(4, -1).every((l) => l.includes(': Dry run: '))).toBe(true);
    expect(lines.at(-1)!.slice(20)).toBe(capture[4]);
    expect(schedule.deleteMessage).toEqual(JSON.parse(capture[6].slice(PREFIX.length)));

    const { EXEC_HEADER } = ExecCommandV1;
    await producer.send([signed({
      topic: topics.exec(AGENT), key: AGENT, value: schedule.deleteMessage,
      headers: { ...toHeaders(createEnvelope({ now: Date.now(), type: ExecCommandV1.TYPE_DELETE })), [EXEC_HEADER.rkey]: schedule.rkey, [EXEC_HEADER.generation]: String(schedule.addedAt) },
    }, AGENT, issuer)]);
    await waitFor(() => logLines().length > lines.length && logLines().at(-1)!.endsWith(': Ended'), { timeoutMs: 30000, message: 'the delete logged' });
    const after = logLines().slice(lines.length).map((l) => l.slice(20));
    expect(after.slice(0, 2)).toEqual(capture.slice(5, 7));
    expect(after.at(-1)).toBe(capture[7]);
  });
});
