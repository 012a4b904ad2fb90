import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditEvent } from '@riposte/contracts';
import { ServiceProcess, TopicRecorder, waitFor } from '@riposte/testing';
import type { ActiveResponseItem } from '@riposte/contracts';
import { encodeItemId } from '../inventory/active-response-view';
import { ControlApiHarness, TestClock } from '../testing/control-api.harness';

/**
 * The whole control loop with the real services: PUT → the executor of agent 001 (a process) runs firewall-drop
 * (the built-in, in dry run: it logs the iptables commands instead of running them) → its timer reaches the
 * scheduler (a process) → GET lists it with its expiry → DELETE → the executor runs the delete at once.
 */
describe('manual trigger and early unblock through executor and scheduler', () => {
  const h = new ControlApiHarness(TestClock.live());
  const home = mkdtempSync(path.join(tmpdir(), 'riposte-e2e-001-'));
  const arLog = path.join(home, 'logs', 'active-responses.log');
  let executor: ServiceProcess;
  let scheduler: ServiceProcess;
  let rec: TopicRecorder;

  beforeAll(async () => {
    for (const dir of ['active-response/bin', 'logs', 'etc/shared', 'var']) mkdirSync(path.join(home, dir), { recursive: true });
    await h.start(['001']);
    await h.agent('001');
    const agentKey = await h.enrolledAgent('001');
    rec = await new TopicRecorder(h.kafka, [h.topics.audit, h.topics.exec('001')]).start();
    const common = h.env({ LOG_LEVEL: 'info', RIPOSTE_ENROLMENT_REFRESH_MS: '200' });
    // The control API and the scheduler sign with the harness's issuer key (in `common`); the executor trusts it.
    executor = new ServiceProcess('executor-001', 'executor', { ...common, AGENT_ID: '001', EXECUTOR_HOME: home, EXECUTOR_DRY_RUN: 'true', EXECUTOR_HEARTBEAT_MS: '500', EXECUTOR_TRUSTED_KEYS_FILE: h.issuer.trustedKeysFile, EXECUTOR_KEY_FILE: agentKey.privateKeyFile }).start();
    scheduler = new ServiceProcess('scheduler', 'scheduler', { ...common, SCHEDULER_PORT: '0', SCHEDULER_TICK_MS: '50' }).start();
    await Promise.all([executor.waitForOutput('service started', 90_000), scheduler.waitForOutput('service started: scheduler', 90_000)]);
    // Active for a minute from now: on a loaded machine the processes may take longer than that to start.
    await h.agent('001');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([executor?.stop(), scheduler?.stop()]);
    await rec?.stop();
    await h.stop();
  });

  const audits = () => rec.json<AuditEvent>(h.topics.audit);
  const log = () => (existsSync(arLog) ? readFileSync(arLog, 'utf8') : '');

  it('trigger → the script runs; active lists it with its expiry; unblock → the delete runs at once and the timer is gone', async () => {
    const put = await h.call('PUT', '/active-response?agents_list=001', { token: 'trigger', body: { command: 'firewall-drop600', alert: { data: { srcip: '10.9.8.7' } } } });
    expect(put.body).toMatchObject({ data: { affected_items: ['001'] }, error: 0 });

    await waitFor(() => audits().find((a) => a.type === 'script.continue' && a.rkey === 'firewall-drop-10.9.8.7'), { timeoutMs: 30_000, message: 'the executor ran the add and answered continue' });
    await waitFor(() => /firewall-drop.*10\.9\.8\.7/.test(log()), { timeoutMs: 10_000, message: 'active-responses.log shows the add' });

    const items = await waitFor(async () => {
      const res = await h.call('GET', '/active-responses?agent=001&key=10.9.8.7', { token: 'read' });
      const list = res.body.data!.affected_items as ActiveResponseItem[];
      return list.length ? list : undefined;
    }, { timeoutMs: 30_000, message: 'the scheduler holds the timer' });
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ id: encodeItemId('001', 'firewall-drop-10.9.8.7'), agentId: '001', response: 'firewall-drop600', rkey: 'firewall-drop-10.9.8.7', keys: ['10.9.8.7'], timeoutSeconds: 600 });
    expect(Date.parse(item.expires) - Date.parse(item.started)).toBe(600_001);
    expect(item.remainingSeconds).toBeGreaterThan(540);
    expect(item.remainingSeconds).toBeLessThanOrEqual(601);

    const addLines = log().split('\n').filter(Boolean).length;
    const del = await h.call('DELETE', `/active-responses/${item.id}`, { token: 'trigger' });
    expect(del.status).toBe(200);
    await waitFor(
      () => audits().find((a) => a.type === 'script.started' && a.rkey === 'firewall-drop-10.9.8.7' && (a.detail as { command?: string })?.command === 'delete'),
      { timeoutMs: 30_000, message: 'the executor ran the delete' },
    );
    await waitFor(() => log().split('\n').filter(Boolean).length > addLines && /delete/.test(log().split('\n').slice(addLines).join('\n')), {
      timeoutMs: 10_000,
      message: 'active-responses.log shows the delete',
    });
    expect(await h.timers.get('001', 'firewall-drop-10.9.8.7')).toBeNull();
    expect((await h.call('GET', '/active-responses?agent=001', { token: 'read' })).body.data!.affected_items).toEqual([]);
    expect(audits().find((a) => a.type === 'manual.unblocked')).toMatchObject({ agentId: '001', actor: 'bob-operator', rkey: 'firewall-drop-10.9.8.7' });
  }, 90_000);
});
