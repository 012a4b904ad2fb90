/**
 * Issue 11, Deliver 7: a bad-input corpus through the real pipeline (alert-ingest, a matcher, an executor as real
 * processes on the real broker and Redis). Over 1,000 malformed payloads over HTTP, the alerts.json tail, the raw
 * Kafka topic, and straight onto the alerts topic (the matcher's own edge), good alerts interleaved. Prints one
 * summary line of counts.
 */
import { appendFileSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { DLQ_HEADER, HEADER, toHeaders, createEnvelope, topicsFor, type OutgoingMessage, type Topics } from '@riposte/contracts';
import { BusAdmin, BusProducer } from '@riposte/bus';
import { anAlert, requireKafka, requireRedis, scriptRuns, TopicRecorder, uniqueName, waitFor, writeRecordingScript } from '@riposte/testing';
import { badPayloads, type BadPayload } from './bad-input-corpus';
import { Pipeline } from './pipeline-harness';

const POLICY = `<ossec_config>
  <command><name>record-note</name><executable>record-note</executable></command>
  <active-response><command>record-note</command><location>local</location><rules_id>5712</rules_id></active-response>
</ossec_config>`;

const AGENT = '001';
/** Bad payloads per input, and one good alert after every GOOD_EVERY bad ones. */
const COUNTS = { http: 360, file: 320, kafka: 360, alertsTopic: 45 };
const GOOD_EVERY = 20;

type Input = keyof typeof COUNTS;

describe('bad input never crashes, stalls or runs a script (issue 11, Deliver 7)', () => {
  const ns = uniqueName('badin');
  const prefix = uniqueName('badin');
  const topics: Topics = topicsFor(ns);
  let kafka: Kafka;
  let pipe: Pipeline;
  let recorder: TopicRecorder;
  let producer: BusProducer;

  beforeAll(async () => {
    kafka = await requireKafka();
    (await requireRedis()).disconnect();
    await new BusAdmin(kafka).ensureTopics([
      { topic: topics.rawAlerts }, { topic: topics.alerts, numPartitions: 2 }, { topic: topics.audit }, { topic: topics.timers },
      { topic: topics.agents }, { topic: topics.dlq(topics.alerts) }, { topic: topics.dlq(topics.rawAlerts) }, { topic: topics.exec(AGENT) },
    ]);
    producer = new BusProducer(kafka);
    await producer.connect();
    recorder = await new TopicRecorder(kafka, [topics.dlq(topics.alerts), topics.dlq(topics.rawAlerts)]).start();
    pipe = new Pipeline(ns, prefix, POLICY);
    pipe.executor(AGENT);
    await pipe.enrol(); // commands go to enrolled agents only
    writeRecordingScript(pipe.home(AGENT), 'record-note', 'stateless');
    await Promise.all([pipe.ingest(), pipe.matcher()]);
    await Promise.all(pipe.processes.map((p) => p.waitForOutput('service started', 90000)));
  }, 180000);

  afterAll(async () => {
    await pipe?.stop();
    await recorder?.stop();
    await producer?.disconnect();
  });

  it('0 crashes, 0 HTTP 5xx, 0 scripts for bad payloads, every good alert fired, every bad Kafka payload dead-lettered with a reason', async () => {
    const corpus = {
      http: badPayloads(COUNTS.http, 1),
      file: badPayloads(COUNTS.file, 2),
      kafka: badPayloads(COUNTS.kafka, 3),
      alertsTopic: badPayloads(COUNTS.alertsTopic, 4),
    };
    const good = new Map<Input, string[]>();
    let ipSeq = 0;
    const goodAlert = (input: Input) => {
      const ip = `10.77.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;
      good.set(input, [...(good.get(input) ?? []), ip]);
      return Buffer.from(JSON.stringify(anAlert({ agentId: AGENT, srcip: ip })));
    };
    /** The corpus of one input in runs of GOOD_EVERY bad payloads, each run followed by a good alert. */
    const runsOf = (input: Input, bad: readonly BadPayload[]) => {
      const out: Buffer[][] = [];
      for (let i = 0; i < bad.length; i += GOOD_EVERY) out.push([...bad.slice(i, i + GOOD_EVERY).map((p) => p.bytes), goodAlert(input)]);
      return out;
    };

    const statuses = new Map<number, number>();
    const feedHttp = async () => {
      for (const run of runsOf('http', corpus.http)) {
        for (const body of run) {
          const { status } = await pipe.postRaw(body);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }
    };
    const feedFile = async () => {
      for (const run of runsOf('file', corpus.file)) {
        appendFileSync(pipe.alertsJson, Buffer.concat(run.flatMap((b) => [b, Buffer.from('\n')])));
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const feedKafka = async () => {
      for (const run of runsOf('kafka', corpus.kafka)) await producer.send(run.map((value): OutgoingMessage => ({ topic: topics.rawAlerts, key: AGENT, value })));
    };
    // Straight onto the alerts topic, with a valid envelope, as a producer that skipped alert-ingest would.
    const feedAlertsTopic = async () => {
      for (const run of runsOf('alertsTopic', corpus.alertsTopic)) {
        await producer.send(run.map((value): OutgoingMessage => ({ topic: topics.alerts, key: AGENT, value, headers: toHeaders(createEnvelope({ now: Date.now(), type: 'alert.ingested', ttlMs: 600_000 })) })));
      }
    };
    await Promise.all([feedHttp(), feedFile(), feedKafka(), feedAlertsTopic()]);

    const goodIps = new Set([...good.values()].flat());
    const runs = () => scriptRuns(pipe.home(AGENT), 'record-note');
    const srcipOf = (line: string | undefined): string | undefined => {
      try {
        return (JSON.parse(line ?? '') as { parameters: { alert: { data?: { srcip?: string } } } }).parameters.alert.data?.srcip;
      } catch {
        return undefined;
      }
    };
    const fired = () => new Set(runs().map((r) => srcipOf(r.lines[0])).filter((ip): ip is string => !!ip && goodIps.has(ip)));
    await waitFor(() => fired().size === goodIps.size, { timeoutMs: 90000, message: `every good alert fired (${goodIps.size})` }).catch((e) => {
      throw new Error(`${(e as Error).message}: ${fired().size} fired`);
    });

    const alertsDlq = () => recorder.on(topics.dlq(topics.alerts));
    const fromFile = () => alertsDlq().filter((m) => m.headers[DLQ_HEADER.source] === 'file');
    const fromMatcher = () => alertsDlq().filter((m) => m.headers[HEADER.sourceTopic] === topics.alerts);
    const rawDlq = () => recorder.on(topics.dlq(topics.rawAlerts));
    await waitFor(() => rawDlq().length >= COUNTS.kafka && fromFile().length >= COUNTS.file && fromMatcher().length >= corpus.alertsTopic.length, {
      timeoutMs: 60000,
      message: 'every bad Kafka, file and alerts-topic payload dead-lettered',
    }).catch((e) => {
      throw new Error(`${(e as Error).message}: raw ${rawDlq().length}/${COUNTS.kafka}, file ${fromFile().length}/${COUNTS.file}, alerts topic ${fromMatcher().length}/${corpus.alertsTopic.length}`);
    });

    const badRuns = runs().filter((r) => !goodIps.has(srcipOf(r.lines[0]) ?? ''));
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const crashed = pipe.processes.filter((p) => !p.running).map((p) => p.name);
    const total = COUNTS.http + COUNTS.file + COUNTS.kafka + corpus.alertsTopic.length;
    console.log(
      `bad-input: ${total} malformed payloads (http ${COUNTS.http}, file ${COUNTS.file}, raw kafka ${COUNTS.kafka}, alerts topic ${corpus.alertsTopic.length}), ` +
        `${goodIps.size} good interleaved; crashes ${crashed.length}; HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))} (5xx ${fiveHundreds}); ` +
        `scripts run for bad payloads ${badRuns.length}; good fired ${fired().size}/${goodIps.size}; ` +
        `dead letters: raw kafka ${rawDlq().length}/${COUNTS.kafka} (with reason ${rawDlq().filter((m) => m.headers[HEADER.reason]).length}), file ${fromFile().length}/${COUNTS.file}, alerts topic ${fromMatcher().length}/${corpus.alertsTopic.length}, http ${alertsDlq().filter((m) => m.headers[DLQ_HEADER.source] === 'http').length}`,
    );

    expect(crashed).toEqual([]);
    expect(fiveHundreds).toBe(0);
    expect([...statuses.keys()].every((s) => s === 200 || (s >= 400 && s < 500))).toBe(true);
    expect(badRuns).toEqual([]);
    expect(fired().size).toBe(goodIps.size);
    expect(rawDlq()).toHaveLength(COUNTS.kafka);
    expect(rawDlq().every((m) => (m.headers[HEADER.reason] ?? '').length > 0)).toBe(true);
    expect(fromFile()).toHaveLength(COUNTS.file);
    expect(fromMatcher()).toHaveLength(corpus.alertsTopic.length);
    expect(fromMatcher().every((m) => (m.headers[HEADER.reason] ?? '').length > 0)).toBe(true);
  }, 240000);
});
