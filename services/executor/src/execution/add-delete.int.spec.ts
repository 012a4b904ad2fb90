import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArMessageV1, type ArMessage, type Schedule } from '@riposte/contracts';
import { readFixture, waitFor } from '@riposte/testing';
import { addCommand, alertFor, auditsWhere, deleteCommand, readState, schedulesFor, scriptRuns, some, useExecutorFixture } from '../testing/executor-harness';

const AGENT = '001';
const PROGRAM = 'active-response/bin/rec-stateful';
const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };

describe('executor: add, abort, delete on the real broker (spec §3.2, §3.3)', () => {
  const fx = useExecutorFixture({ agentId: AGENT, scripts: { 'rec-stateful': 'stateful', 'rec-stateless': 'stateless' }, extra: { EXECUTOR_DRY_RUN: 'true' } });

  const runsFor = (srcip: string) => scriptRuns(fx.home, 'rec-stateful').filter((r) => r.lines[0]?.includes(`"srcip":"${srcip}"`));
  const schedules = (rkey: string, n: number) => waitFor(() => (schedulesFor(fx.rec, fx.topics, rkey).length >= n ? schedulesFor(fx.rec, fx.topics, rkey) : undefined));

  describe('when an rkey is new, then repeated, then deleted', () => {
    const srcip = '10.1.0.1';
    const rkey = `rec-stateful-${srcip}`;
    const alert = alertFor(srcip, { id: '1655477187.100' });
    let first: Schedule;
    let sent: ArMessage;

    it('add → the script gets the rewritten message and continue, once; a timer request carries the delete', async () => {
      const cmd = addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert, resolution: stateful });
      sent = cmd.value;
      await fx.producer.send([cmd]);
      [first] = await schedules(rkey, 1);
      const rewritten = ArMessageV1.rewriteForScript(sent, 'add', PROGRAM);
      expect(runsFor(srcip)).toMatchObject([{ argv0: PROGRAM, args: [], lines: [JSON.stringify(rewritten), JSON.stringify(ArMessageV1.withCommand(rewritten, 'continue'))] }]);
      expect(first).toEqual({
        type: 'schedule',
        agentId: AGENT,
        rkey,
        arName: 'rec-stateful600',
        deleteMessage: ArMessageV1.withCommand(rewritten, 'delete'),
        keys: [srcip],
        addedAt: expect.any(Number),
        timeoutSeconds: 600,
        trigger: { alertId: '1655477187.100', ruleId: '5712' },
      });
      expect(fx.rec.on(fx.topics.timers).find((m) => JSON.parse(m.value!.toString()).rkey === rkey)?.key).toBe(AGENT);
      const steps = await waitFor(() => {
        const types = auditsWhere(fx.rec, fx.topics, (e) => e.alertId === '1655477187.100').map((e) => e.type);
        return types.includes('script.ended') ? types : undefined;
      });
      expect(steps).toEqual(['script.started', 'script.keys', 'script.continue', 'script.ended']);
      expect(readState(fx.home).active[rkey].addedAt).toBe(first.addedAt);
    });

    it('the same add again → abort, and the timer is re-requested with a later addedAt and the first delete', async () => {
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert, resolution: stateful })]);
      const [, again] = await schedules(rkey, 2);
      const runs = runsFor(srcip);
      expect(runs).toHaveLength(2);
      expect(JSON.parse(runs[1].lines[1]).command).toBe('abort');
      expect(again.addedAt).toBeGreaterThan(first.addedAt);
      expect(again.deleteMessage).toEqual(first.deleteMessage);
      expect(again.timeoutSeconds).toBe(600);
    });

    it('the delete of the first generation is stale: skipped, nothing run', async () => {
      await fx.producer.send([deleteCommand(fx.topics, first)]);
      const [skipped] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'command.skipped' && e.rkey === rkey)));
      expect(skipped.reason).toBe('stale delete');
      expect(runsFor(srcip)).toHaveLength(2);
      expect(readState(fx.home).active[rkey]).toBeDefined();
    });

    it('the delete of the current generation runs with the stored delete on stdin, then the key is gone', async () => {
      const [, current] = schedulesFor(fx.rec, fx.topics, rkey);
      await fx.producer.send([deleteCommand(fx.topics, current)]);
      await waitFor(() => runsFor(srcip).length === 3);
      expect(runsFor(srcip)[2]).toMatchObject({ argv0: PROGRAM, args: [], lines: [JSON.stringify(current.deleteMessage)] });
      await waitFor(() => auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.ended' && e.rkey === rkey && e.detail?.kind === 'completed').length === 1);
      expect(readState(fx.home).active[rkey]).toBeUndefined();
    });
  });

  describe('when a script answers nothing', () => {
    it('it ran, and no timer is requested (stateless)', async () => {
      const alert = alertFor('10.1.0.2', { id: '1655477187.200' });
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateless600', alert, resolution: { arName: 'rec-stateless600', executable: 'rec-stateless', timeoutSeconds: 600 } })]);
      const [ended] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.ended' && e.alertId === '1655477187.200')));
      expect(ended.detail).toMatchObject({ kind: 'stateless', exitCode: 0 });
      expect(scriptRuns(fx.home, 'rec-stateless')).toHaveLength(1);
      expect(valuesOnTimers().filter((s) => s.arName === 'rec-stateless600')).toEqual([]);
      expect(Object.keys(readState(fx.home).active).filter((k) => k.startsWith('rec-stateless'))).toEqual([]);
    });
  });

  describe('when an add expired while the agent was away (deviation d)', () => {
    it('is skipped and audited, the script never runs', async () => {
      const alert = alertFor('10.1.0.3', { id: '1655477187.300' });
      // Expired 5 s ago: within the 30 s clock skew the signature check allows, so it is the executor's own expiry
      // check that skips it (past the skew, verification refuses it as `expired`: command-attacks.int.spec.ts).
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert, resolution: stateful, issuedAt: Date.now() - 60_000, ttlMs: 55_000 })]);
      const [skipped] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'command.skipped' && e.alertId === '1655477187.300')));
      expect(skipped).toMatchObject({ reason: 'expired', agentId: AGENT, service: 'executor' });
      expect(runsFor('10.1.0.3')).toEqual([]);
    });
  });

  describe('when a built-in runs in-process (dry run)', () => {
    // A logged add and delete, byte for byte (libs/testing/fixtures/ok/ar-log/firewall-drop-add-delete.log).
    const fixture = readFixture('ok/ar-log/firewall-drop-add-delete.log').trim().split('\n').map((l) => l.slice(20));
    const labAdd = JSON.parse(fixture[1].slice('active-response/bin/firewall-drop: '.length)) as ArMessage;
    const logLines = () =>
      readFileSync(path.join(fx.home, 'logs/active-responses.log'), 'utf8').trim().split('\n').filter((l) => l.includes(' active-response/bin/firewall-drop: '));

    it('writes active-responses.log in Wazuh’s format: Starting, input, check_keys, continue, …, Ended', async () => {
      const alert = labAdd.parameters.alert as Record<string, unknown>;
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'firewall-drop600', alert, resolution: { arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 300 } })]);
      const [schedule] = await schedules('firewall-drop-198.51.100.20', 1);
      const lines = logLines();
      for (const l of lines) expect(l).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d active-response\/bin\/firewall-drop: /);
      expect(lines.slice(0, 4).map((l) => l.slice(20))).toEqual(fixture.slice(0, 4));
      expect(lines.slice(4, -1).every((l) => l.includes(': Dry run: '))).toBe(true);
      expect(lines.at(-1)!.slice(20)).toBe(fixture[4]);
      expect(schedule.deleteMessage).toEqual(JSON.parse(fixture[6].slice('active-response/bin/firewall-drop: '.length)));

      await fx.producer.send([deleteCommand(fx.topics, schedule)]);
      await waitFor(() => logLines().length > lines.length && logLines().at(-1)!.endsWith(': Ended'));
      const after = logLines().slice(lines.length).map((l) => l.slice(20));
      expect(after.slice(0, 2)).toEqual(fixture.slice(5, 7));
      expect(after.at(-1)).toBe(fixture[7]);
    });
  });

  function valuesOnTimers(): Schedule[] {
    return fx.rec.json<Schedule>(fx.topics.timers);
  }
});
