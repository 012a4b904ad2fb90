/**
 * alert-ingest as a process on the real broker, fed the real sshd alert of Wazuh's integratord tests: the YAML
 * sample (folded over several lines) and the alerts.json line derived from it come out as the same bytes, keyed by
 * agent 000.
 */
import type { Kafka } from 'kafkajs';
import { AlertV1, topicsFor } from '@riposte/contracts';
import { BusAdmin } from '@riposte/bus';
import { bearer, freePort, kafkaBrokers, requireKafka, ServiceProcess, TopicRecorder, uniqueName, waitFor, writeTestTokensFile } from '@riposte/testing';
import { SSHD_ALERT, wazuhFixture } from './wazuh-fixtures';

/** `metadata.alert_sample` of the integratord YAML case: a single-quoted scalar folded over several lines. */
function integratordAlertSample(): string {
  const yaml = wazuhFixture('wazuh__tests__integration__test_integratord__cases_integratord_read_valid_json_alerts.yaml');
  const m = /alert_sample: '((?:[^']|'')*)'/.exec(yaml);
  if (!m) throw new Error('alert_sample not found in the integratord YAML');
  // YAML folding: each line break between non-empty lines becomes one space, continuation indentation is dropped.
  return m[1].split('\n').map((l, i) => (i === 0 ? l.trimEnd() : l.trim())).join(' ').replace(/''/g, "'");
}

describe('alert-ingest on the integratord sshd alert (cases_integratord_read_valid_json_alerts.yaml)', () => {
  const line = wazuhFixture(SSHD_ALERT).trim();
  const topics = topicsFor(uniqueName('conformance'));
  let kafka: Kafka;
  let rec: TopicRecorder;
  let ingest: ServiceProcess;
  let port = 0;

  beforeAll(async () => {
    kafka = await requireKafka();
    await new BusAdmin(kafka).ensureTopics([{ topic: topics.alerts }, { topic: topics.rawAlerts }, { topic: topics.audit }, { topic: topics.dlq(topics.rawAlerts) }]);
    rec = await new TopicRecorder(kafka, [topics.alerts]).start();
    port = await freePort();
    ingest = new ServiceProcess('alert-ingest', 'alert-ingest', { KAFKA_BROKERS: kafkaBrokers(), RIPOSTE_TOPIC_NAMESPACE: topics.namespace, INGEST_PORT: String(port), INGEST_TOKENS_FILE: writeTestTokensFile(['ingest']) }).start();
    await ingest.waitForOutput('service started', 90000);
  }, 120000);
  afterAll(async () => {
    await ingest?.stop();
    await rec?.stop();
  });

  it('the derived alerts.json line is the YAML sample, and a valid alert of agent 000', () => {
    expect(integratordAlertSample()).toBe(line);
    expect(AlertV1.parse(JSON.parse(line)).agent.id).toBe('000');
  });

  it('publishes the YAML sample and the alerts.json line with their bytes, keyed by agent id', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/alerts`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...bearer('ingest') }, body: `${integratordAlertSample()}\n${line}\n` });
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const out = await waitFor(() => (rec.on(topics.alerts).length >= 2 ? rec.on(topics.alerts) : undefined), { timeoutMs: 30000, message: 'two alerts published' });
    expect(out.map((m) => [m.key, m.value!.toString()])).toEqual([
      ['000', line],
      ['000', line],
    ]);
  });
});
