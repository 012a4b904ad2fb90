import { ArMessageV1, HEADER } from '@riposte/contracts';
import { waitFor } from '@riposte/testing';
import { ACTOR_HEADER } from './execution.service';
import { addCommand, alertFor, auditsWhere, deleteCommand, schedulesFor, scriptRuns, some, useExecutorFixture } from '../testing/executor-harness';

const AGENT = '002';
const AR_CONF = ['restart-wazuh0 - restart-wazuh - 0', 'rec-stateful600 - rec-stateful - 600', 'gone600 - not-installed - 600', ''].join('\n');

describe('executor: resolving names and guarding the queue (spec §3.2 step 3)', () => {
  const fx = useExecutorFixture({ agentId: AGENT, files: { arConf: AR_CONF }, scripts: { 'rec-stateful': 'stateful', 'rec-hang': 'hang', 'restart.sh': 'classic' }, extra: { EXECUTOR_SCRIPT_TIMEOUT_MS: '1500' } });

  const runsFor = (srcip: string) => scriptRuns(fx.home, 'rec-stateful').filter((r) => r.lines[0]?.includes(`"srcip":"${srcip}"`));
  const skipped = (alertId: string) => waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'command.skipped' && e.alertId === alertId)));

  it('a name without a resolution header is looked up in etc/shared/ar.conf; an operator is the trigger’s actor', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.2.0.1', { id: '2.0' }), headers: { [ACTOR_HEADER]: 'alice' } })]);
    const [schedule] = await waitFor(() => some(schedulesFor(fx.rec, fx.topics, 'rec-stateful-10.2.0.1')));
    expect(schedule).toMatchObject({ arName: 'rec-stateful600', timeoutSeconds: 600, trigger: { alertId: '2.0', ruleId: '5712', actor: 'alice' } });
    expect(runsFor('10.2.0.1')[0].argv0).toBe('active-response/bin/rec-stateful');
  });

  it('!script runs active-response/bin/<script> with timeout 0: continue, no timer', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: '!rec-stateful', alert: alertFor('10.2.0.2', { id: '2.1' }) })]);
    const [decided] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.continue' && e.alertId === '2.1')));
    expect(decided).toMatchObject({ arName: '!rec-stateful', rkey: 'rec-stateful-10.2.0.2', detail: { timeoutSeconds: 0 } });
    expect(JSON.parse(runsFor('10.2.0.2')[0].lines[1]).command).toBe('continue');
    await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.ended' && e.alertId === '2.1')));
    expect(schedulesFor(fx.rec, fx.topics, 'rec-stateful-10.2.0.2')).toEqual([]);
  });

  it.each([
    { name: '!../../../bin/sh', id: '2.2', reason: "Active response command '../../../bin/sh' vulnerable to directory traversal attack. Ignoring." },
    { name: '!rec-stateful/../../x', id: '2.3', reason: "Active response command 'rec-stateful/../../x' vulnerable to directory traversal attack. Ignoring." },
    { name: 'nope600', id: '2.4', reason: "(1311): Invalid command name 'nope600' provided." },
    { name: 'gone600', id: '2.5', reason: "Active response command not present: 'active-response/bin/not-installed'. Not using it on this system." },
  ])('$name is refused: $reason', async ({ name, id, reason }) => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: name, alert: alertFor('10.2.0.9', { id }) })]);
    const [event] = await skipped(id);
    expect(event.reason).toBe(reason);
  });

  it('a resolution header naming a parent folder is refused too', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'x600', alert: alertFor('10.2.0.9', { id: '2.6' }), resolution: { arName: 'x600', executable: '../rec-stateful', timeoutSeconds: 600 } })]);
    expect((await skipped('2.6'))[0].reason).toBe("Active response command '../rec-stateful' vulnerable to directory traversal attack. Ignoring.");
  });

  it('restart-wazuh exactly runs active-response/bin/restart.sh agent, and nothing else (spec §3.2 step 2)', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'restart-wazuh', alert: alertFor('10.2.0.8', { id: '2.9' }) })]);
    const [ended] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.ended' && e.alertId === '2.9')));
    expect(ended).toMatchObject({ arName: 'restart-wazuh', detail: { kind: 'completed', exitCode: 0 } });
    expect(scriptRuns(fx.home, 'restart.sh')).toMatchObject([{ argv0: 'active-response/bin/restart.sh', args: ['agent'] }]);
  });

  it('a hanging script is killed after the limit and reported; the next command still runs', async () => {
    const hang = { arName: 'rec-hang600', executable: 'rec-hang', timeoutSeconds: 600 };
    await fx.producer.send([
      addCommand(fx.topics, AGENT, { command: 'rec-hang600', alert: alertFor('10.2.0.3', { id: '2.7' }), resolution: hang }),
      addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.2.0.4', { id: '2.8' }) }),
    ]);
    const [failed] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.failed' && e.alertId === '2.7')));
    expect(failed).toMatchObject({ arName: 'rec-hang600', reason: 'killed after 1500 ms', detail: { kind: 'killed' } });
    await waitFor(() => some(schedulesFor(fx.rec, fx.topics, 'rec-stateful-10.2.0.4')));
    const runs = scriptRuns(fx.home, 'rec-hang');
    expect(runs).toHaveLength(1);
    expect(() => process.kill(runs[0].pid, 0)).toThrow(); // the whole process group is gone
  });

  // Issue 10 ("lift any block by writing a delete with no generation"): such a delete ran before, even for a key
  // this executor does not hold; now it runs nothing, even signed by a trusted issuer.
  it('a delete without a generation runs nothing, even signed: command.rejected', async () => {
    const add = addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.2.0.5') }).value;
    const deleteMessage = ArMessageV1.withCommand(ArMessageV1.rewriteForScript(add, 'add', 'active-response/bin/rec-stateful'), 'delete');
    const command = deleteCommand(fx.topics, { agentId: AGENT, rkey: 'rec-stateful-10.2.0.5', deleteMessage, addedAt: 0 }, { withGeneration: false });
    await fx.producer.send([command]);
    const messageId = command.headers![HEADER.messageId];
    const [rejected] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'command.rejected' && e.detail?.messageId === messageId)));
    expect(rejected).toMatchObject({ agentId: AGENT, reason: 'delete-without-generation' });
    expect(runsFor('10.2.0.5')).toEqual([]);
  });
});
