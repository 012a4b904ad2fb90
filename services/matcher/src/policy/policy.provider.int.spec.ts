import { BusAdmin, type IncomingMessage } from '@riposte/bus';
import type { Alert, AuditEvent } from '@riposte/contracts';
import { anAlert, TopicRecorder, waitFor } from '@riposte/testing';
import { MatcherWorld, type RunningMatcher } from '../testing/matcher.harness';
import { PolicyProvider } from './policy.provider';
import { smallConf } from '../testing/ossec-confs';

const LOCAL_5712 = '<active-response><command>firewall-drop</command><location>local</location><rules_id>5712</rules_id><timeout>600</timeout></active-response>';
const LOCAL_100005 = '<active-response><command>route-null</command><location>local</location><rules_id>100005</rules_id></active-response>';

/** ossec.conf reloads: a valid new file takes effect, an invalid one is reported and the old policy stays. */
describe('policy reload on the real broker', () => {
  const world = new MatcherWorld(smallConf(`\n  ${LOCAL_5712}`));
  let matcher: RunningMatcher;
  let rec: TopicRecorder;

  beforeAll(async () => {
    await world.connect();
    // A long poll: the changes below must be seen by fs.watch.
    matcher = await world.start({ MATCHER_POLICY_POLL_MS: '3600000' });
    await new BusAdmin(world.kafka).ensureTopics([{ topic: world.topics.exec('001') }]);
    rec = await new TopicRecorder(world.kafka, [world.topics.audit, world.topics.exec('001')]).start();
  });
  afterAll(async () => {
    await rec?.stop();
    await world.close();
  });

  const policyAudits = () => rec.json<AuditEvent>(world.topics.audit).filter((e) => e.type.startsWith('policy.'));
  const commandFor = (alert: Alert): Promise<IncomingMessage> =>
    waitFor(() => rec.on(world.topics.exec('001')).find((m) => JSON.parse(m.value!.toString()).parameters.alert.id === alert.id), {
      message: `command for alert ${alert.id}`,
    });

  describe('when the file is replaced by a valid one', () => {
    it('audits policy.reloaded and the new response fires', async () => {
      world.writeConf(smallConf(`\n  ${LOCAL_5712}\n  ${LOCAL_100005}`));
      const reloaded = await waitFor(() => policyAudits().find((e) => e.type === 'policy.reloaded'));
      expect(reloaded).toMatchObject({ service: 'matcher', detail: { source: world.confPath, responses: 2 } });

      const alert = anAlert({ agentId: '001', ruleId: '100005' });
      await world.publishAlerts([alert]);
      expect(JSON.parse((await commandFor(alert)).value!.toString()).command).toBe('route-null0');
    });
  });

  describe('when the file is replaced by an invalid one', () => {
    it('audits policy.rejected with file:line: (code) message, logs it, and keeps the previous policy', async () => {
      world.writeConf(smallConf(`\n  ${LOCAL_5712}\n  <active-response><command>route-null</command><location>nowhere</location></active-response>`));
      const rejected = await waitFor(() => policyAudits().find((e) => e.type === 'policy.rejected'));
      const problem = `${world.confPath}:9: (1302) Invalid active response location: 'nowhere'.`;
      expect(rejected).toMatchObject({ reason: problem, detail: { problems: [problem], keptPrevious: true } });
      expect(matcher.logs.lines.some((l) => l.includes(JSON.stringify(problem).slice(1, -1)))).toBe(true);

      const alert = anAlert({ agentId: '001', ruleId: '100005' });
      await world.publishAlerts([alert]);
      expect(JSON.parse((await commandFor(alert)).value!.toString()).command).toBe('route-null0');
      const health = (await (await fetch(`${matcher.url}/health`)).json()) as { policy: { responses: number } };
      expect(health.policy.responses).toBe(2);
    });
  });

  describe('when the same file is written again', () => {
    it('does not audit it again', async () => {
      const before = policyAudits().length;
      world.writeConf(smallConf(`\n  ${LOCAL_5712}`));
      await waitFor(() => policyAudits().length > before);
      world.writeConf(smallConf(`\n  ${LOCAL_5712}`));
      await matcher.app.get(PolicyProvider).checkForChange();
      world.writeConf(smallConf(`\n  ${LOCAL_100005}`));
      await waitFor(() => policyAudits().length >= before + 2);
      expect(policyAudits().slice(before).map((e) => [e.type, e.detail?.responses])).toEqual([
        ['policy.reloaded', 1],
        ['policy.reloaded', 1],
      ]);
    });
  });
});

describe('when the boot ossec.conf is invalid', () => {
  const world = new MatcherWorld(smallConf('\n  <active-response><command>nope</command><location>local</location></active-response>'));
  beforeAll(() => world.connect());
  afterAll(() => world.close());

  it('refuses to start, naming each problem as file:line: (code) message', async () => {
    await expect(world.start()).rejects.toThrow(`${world.confPath}:8: (1303) Invalid command 'nope' in the active response.`);
  });
});
