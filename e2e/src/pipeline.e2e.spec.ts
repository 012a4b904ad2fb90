/**
 * The whole pipeline as real processes on the real broker and Redis: alert-ingest → matcher (two instances) →
 * executors 000–003 → scheduler → delete. Scripts are recording test scripts in each agent's active-response/bin.
 */
import { appendFileSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { topicsFor, type Topics } from '@riposte/contracts';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { anAlert, requireKafka, requireRedis, scriptRuns, settle, TopicRecorder, uniqueName, waitFor, writeRecordingScript } from '@riposte/testing';
import { Pipeline } from './pipeline-harness';

const POLICY = `<ossec_config>
  <global><white_list>127.0.0.1</white_list></global>
  <command><name>record-drop</name><executable>record-drop</executable><timeout_allowed>yes</timeout_allowed></command>
  <command><name>record-note</name><executable>record-note</executable></command>
  <active-response><command>record-drop</command><location>local</location><rules_id>5712</rules_id><timeout>3</timeout></active-response>
  <active-response><command>record-note</command><location>server</location><rules_id>100001</rules_id></active-response>
  <active-response><command>record-note</command><location>defined-agent</location><agent_id>002</agent_id><rules_id>100002</rules_id></active-response>
  <active-response><command>record-note</command><location>all</location><rules_id>100003</rules_id></active-response>
</ossec_config>`;

const AGENTS = ['000', '001', '002', '003'];
const cmd = (line: string | undefined) => (line ? (JSON.parse(line) as { command: string }).command : undefined);
const srcipOf = (line: string) => (JSON.parse(line) as { parameters: { alert: { data: { srcip: string } } } }).parameters.alert.data.srcip;
const ndjson = (alerts: object[]) => alerts.map((a) => JSON.stringify(a)).join('\n') + '\n';

describe('the pipeline end to end (real processes, Kafka and Redis)', () => {
  const ns = uniqueName('e2e');
  const prefix = uniqueName('e2e');
  const topics: Topics = topicsFor(ns);
  let kafka: Kafka;
  let pipe: Pipeline;
  let recorder: TopicRecorder;
  let producer: BusProducer;

  /** Runs of a script on an agent, with the command of their first line (add/delete) and of their reply. */
  const runs = (agentId: string, script: string) =>
    scriptRuns(pipe.home(agentId), script).map((r) => ({ ...r, command: cmd(r.lines[0]), reply: cmd(r.lines[1]), srcip: r.lines[0] ? srcipOf(r.lines[0]) : undefined }));

  beforeAll(async () => {
    kafka = await requireKafka();
    (await requireRedis()).disconnect();
    await new BusAdmin(kafka).ensureTopics([
      { topic: topics.rawAlerts }, { topic: topics.alerts, numPartitions: 6 }, { topic: topics.audit }, { topic: topics.timers },
      { topic: topics.agents }, { topic: topics.dlq(topics.alerts) }, { topic: topics.dlq(topics.rawAlerts) },
      ...AGENTS.map((a) => ({ topic: topics.exec(a) })),
    ]);
    producer = new BusProducer(kafka);
    await producer.connect();
    recorder = await new TopicRecorder(kafka, [topics.dlq(topics.alerts), topics.dlq(topics.rawAlerts), topics.audit]).start();

    pipe = new Pipeline(ns, prefix, POLICY);
    for (const a of AGENTS) pipe.executor(a);
    await pipe.enrol();
    for (const a of AGENTS) {
      writeRecordingScript(pipe.home(a), 'record-drop', 'stateful');
      writeRecordingScript(pipe.home(a), 'record-note', 'stateless');
    }
    await Promise.all([pipe.ingest(), pipe.matcher('matcher-a'), pipe.matcher('matcher-b'), pipe.scheduler()]);
    await Promise.all(pipe.processes.map((p) => p.waitForOutput('service started', 90000)));
  }, 180000);

  afterAll(async () => {
    await pipe?.stop();
    await recorder?.stop();
    await producer?.disconnect();
  });

  it('stateful response: add on the alert\'s agent, a repeat aborts, exactly one delete after the timeout', async () => {
    const alert = anAlert({ agentId: '001', srcip: '198.51.100.7' });
    await pipe.post(ndjson([alert]));
    await waitFor(() => runs('001', 'record-drop').find((r) => r.srcip === '198.51.100.7' && r.reply === 'continue'), { timeoutMs: 60000, message: 'add ran with continue' });
    await pipe.post(ndjson([anAlert({ agentId: '001', srcip: '198.51.100.7' })]));
    await waitFor(() => runs('001', 'record-drop').find((r) => r.srcip === '198.51.100.7' && r.reply === 'abort'), { timeoutMs: 30000, message: 'repeat got abort' });
    await waitFor(() => runs('001', 'record-drop').find((r) => r.srcip === '198.51.100.7' && r.command === 'delete'), { timeoutMs: 30000, message: 'delete after the timeout' });
    await settle(4500); // longer than the 3 s timeout: a second delete would have come by now
    const mine = runs('001', 'record-drop').filter((r) => r.srcip === '198.51.100.7');
    expect(mine.map((r) => `${r.command}/${r.reply ?? '-'}`)).toEqual(['add/continue', 'add/abort', 'delete/-']);
    expect(AGENTS.filter((a) => a !== '001').flatMap((a) => runs(a, 'record-drop')).filter((r) => r.srcip === '198.51.100.7')).toEqual([]);
  });

  it('server → 000, defined-agent → 002, all → every active agent and the manager', async () => {
    await waitFor(async () => pipe.processes.every((p) => p.running), { timeoutMs: 5000 });
    await pipe.post(ndjson([
      anAlert({ agentId: '003', ruleId: '100001', srcip: '203.0.113.1' }),
      anAlert({ agentId: '003', ruleId: '100002', srcip: '203.0.113.2' }),
      anAlert({ agentId: '003', ruleId: '100003', srcip: '203.0.113.3' }),
    ]));
    const noted = (ip: string) => AGENTS.filter((a) => runs(a, 'record-note').some((r) => r.srcip === ip));
    await waitFor(() => noted('203.0.113.3').length === 4 && noted('203.0.113.1').length === 1 && noted('203.0.113.2').length === 1, { timeoutMs: 60000, message: 'all three responses ran' });
    await settle(1000);
    expect(noted('203.0.113.1')).toEqual(['000']);
    expect(noted('203.0.113.2')).toEqual(['002']);
    expect(noted('203.0.113.3')).toEqual(AGENTS);
  });

  it('bad input on every ingest path goes to a dead-letter topic, and the good alerts around it still fire', async () => {
    const ips = ['192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14'];
    const good = ips.map((ip) => anAlert({ agentId: '002', srcip: ip }));
    const res = await pipe.post(`${JSON.stringify(good[0])}\n{not json\n${JSON.stringify({ agent: { id: '002' } })}\n${JSON.stringify(good[1])}\n`);
    expect(res).toMatchObject({ accepted: 2, rejected: 2 });
    appendFileSync(pipe.alertsJson, `this is not an alert\n${JSON.stringify(good[2])}\n`);
    await producer.send([{ topic: topics.rawAlerts, value: 'garbage' }, { topic: topics.rawAlerts, key: '002', value: good[3] }]);

    await waitFor(() => ips.every((ip) => runs('002', 'record-drop').some((r) => r.srcip === ip && r.reply === 'continue')), { timeoutMs: 60000, message: 'the four good alerts fired' });
    await recorder.waitForCount(3, topics.dlq(topics.alerts));
    await recorder.waitForCount(1, topics.dlq(topics.rawAlerts));
    expect(recorder.on(topics.dlq(topics.rawAlerts))[0].value!.toString()).toBe('garbage');
    expect(recorder.on(topics.dlq(topics.alerts)).every((m) => m.headers['riposte-dlq-reason'])).toBe(true);
  });

  it('a matcher killed mid-stream loses no alert, and the key dedupe absorbs its redelivery', async () => {
    const ips = Array.from({ length: 40 }, (_, i) => `10.200.0.${i + 1}`);
    const alerts = ips.map((ip) => anAlert({ agentId: '003', srcip: ip }));
    await pipe.post(ndjson(alerts.slice(0, 20)));
    const b = pipe.processes.find((p) => p.name === 'matcher-b')!;
    await b.stop('SIGKILL');
    await pipe.post(ndjson(alerts.slice(20)));
    await waitFor(() => ips.every((ip) => runs('003', 'record-drop').some((r) => r.srcip === ip && r.reply === 'continue')), { timeoutMs: 90000, message: 'every alert reached the script' });
    const continued = runs('003', 'record-drop').filter((r) => ips.includes(r.srcip ?? '') && r.reply === 'continue');
    expect(continued).toHaveLength(ips.length);
  });

  it('an executor killed with SIGKILL right after an add still runs the delete when due, after its restart', async () => {
    await pipe.post(ndjson([anAlert({ agentId: '001', srcip: '198.51.100.99' })]));
    await waitFor(() => runs('001', 'record-drop').find((r) => r.srcip === '198.51.100.99' && r.reply === 'continue'), { timeoutMs: 60000 });
    const old = pipe.processes.find((p) => p.name === 'executor-001')!;
    await old.stop('SIGKILL');
    const restarted = pipe.executor('001');
    await restarted.waitForOutput('service started', 90000);
    await waitFor(() => runs('001', 'record-drop').find((r) => r.srcip === '198.51.100.99' && r.command === 'delete'), { timeoutMs: 60000, message: 'delete ran after the restart' });
    expect(runs('001', 'record-drop').filter((r) => r.srcip === '198.51.100.99' && r.command === 'delete')).toHaveLength(1);
  });
});
