import { ArMessageV1 } from '@riposte/contracts';
import { waitFor } from '@riposte/testing';
import { addCommand, agentOssecConf, alertFor, auditsWhere, deleteCommand, readState, schedulesFor, scriptRuns, some, useExecutorFixture } from '../testing/executor-harness';

const AGENT = '003';
const stateful = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };
const classic = { arName: 'rec-classic600', executable: 'rec-classic', timeoutSeconds: 600, expect: ['srcip'] };

describe('executor: repeated offenders and command-line scripts', () => {
  // The agent's own ossec.conf (spec §1.3): minutes, split on commas, leading blanks skipped.
  const fx = useExecutorFixture({ agentId: AGENT, files: { ossecConf: agentOssecConf('<disabled>no</disabled>\n    <repeated_offenders>1, 2</repeated_offenders>') }, scripts: { 'rec-stateful': 'stateful', 'rec-classic': 'classic' } });

  const schedules = (rkey: string, n: number) => waitFor(() => (schedulesFor(fx.rec, fx.topics, rkey).length >= n ? schedulesFor(fx.rec, fx.topics, rkey) : undefined));

  describe('when the same offender comes back (spec §3.4, deviation b)', () => {
    it('the timeouts go 600 s, R0, R1, R1 and every repeat is an abort that restarts the timer', async () => {
      for (let i = 0; i < 4; i++) {
        await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.3.0.1'), resolution: stateful })]);
        await schedules('rec-stateful-10.3.0.1', i + 1);
      }
      const all = schedulesFor(fx.rec, fx.topics, 'rec-stateful-10.3.0.1');
      expect(all.map((s) => s.timeoutSeconds)).toEqual([600, 60, 120, 120]);
      expect(all.map((s) => s.addedAt)).toEqual([...all.map((s) => s.addedAt)].sort((a, b) => a - b));
      const replies = scriptRuns(fx.home, 'rec-stateful').filter((r) => r.lines[0].includes('10.3.0.1')).map((r) => JSON.parse(r.lines[1]).command);
      expect(replies).toEqual(['continue', 'abort', 'abort', 'abort']);
      expect(readState(fx.home).offenders['rec-stateful-10.3.0.1']).toBe(2);
      // Audits and timers travel on different topics: wait for all four decisions.
      const decided = await waitFor(() => {
        const d = auditsWhere(fx.rec, fx.topics, (e) => e.rkey === 'rec-stateful-10.3.0.1' && (e.type === 'script.continue' || e.type === 'script.abort'));
        return d.length === 4 ? d : undefined;
      });
      expect(decided.map((e) => e.detail?.escalated)).toEqual([false, true, true, true]);
    });
  });

  describe('when a command declares <expect> and its script is a pre-4.2 one (deviation f)', () => {
    const srcip = '10.3.0.5';
    const rkey = `active-response/bin/rec-classic${srcip}`;
    const alert = alertFor(srcip, { id: '1655477187.500', dstuser: 'bob' });
    const argv = ['bob', srcip, '1655477187.500', '5712', '/var/log/auth.log', '-', '-'];

    it('gets the classic arguments and the JSON on stdin; the executor keeps its undo', async () => {
      const cmd = addCommand(fx.topics, AGENT, { command: 'rec-classic600', alert, resolution: classic });
      await fx.producer.send([cmd]);
      const [schedule] = await schedules(rkey, 1);
      const rewritten = ArMessageV1.rewriteForScript(cmd.value, 'add', 'active-response/bin/rec-classic');
      expect(scriptRuns(fx.home, 'rec-classic')).toMatchObject([{ argv0: 'active-response/bin/rec-classic', args: ['add', ...argv], lines: [JSON.stringify(rewritten)] }]);
      expect(schedule).toMatchObject({ arName: 'rec-classic600', legacyArgs: ['delete', ...argv], keys: [], timeoutSeconds: 600, deleteMessage: ArMessageV1.withCommand(rewritten, 'delete') });
    });

    it('a repeat while active is not run again; its timer restarts (escalated)', async () => {
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-classic600', alert: alertFor(srcip, { id: '1655477187.501', dstuser: 'bob' }), resolution: classic })]);
      const [first, again] = await schedules(rkey, 2);
      expect(again.addedAt).toBeGreaterThan(first.addedAt);
      expect(again.timeoutSeconds).toBe(60);
      expect(scriptRuns(fx.home, 'rec-classic')).toHaveLength(1);
      const [abort] = await waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'script.abort' && e.rkey === rkey)));
      expect(abort.detail).toMatchObject({ classic: true });
    });

    it('its delete gets the same arguments with delete', async () => {
      const [, current] = schedulesFor(fx.rec, fx.topics, rkey);
      await fx.producer.send([deleteCommand(fx.topics, current)]);
      await waitFor(() => scriptRuns(fx.home, 'rec-classic').length === 2);
      expect(scriptRuns(fx.home, 'rec-classic')[1]).toMatchObject({ args: ['delete', ...argv], lines: [JSON.stringify(current.deleteMessage)] });
      await waitFor(() => readState(fx.home).active[rkey] === undefined);
    });

    it('a script that answers check_keys is handled as a 4.2+ one, classic arguments and all', async () => {
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor('10.3.0.7', { id: '7.7' }), resolution: { ...stateful, expect: ['srcip'] } })]);
      const [schedule] = await waitFor(() => some(schedulesFor(fx.rec, fx.topics, 'rec-stateful-10.3.0.7')));
      const run = scriptRuns(fx.home, 'rec-stateful').find((r) => r.lines[0].includes('10.3.0.7'))!;
      expect(run.args).toEqual(['add', '-', '10.3.0.7', '7.7', '5712', '/var/log/auth.log', '-', '-']);
      expect(JSON.parse(run.lines[1]).command).toBe('continue');
      expect(schedule).toMatchObject({ keys: ['10.3.0.7'], legacyArgs: ['delete', '-', '10.3.0.7', '7.7', '5712', '/var/log/auth.log', '-', '-'] });
    });
  });
  describe('when an alert holds what no script may receive (input hardening)', () => {
    const ranWith = (executable: string, alertId: string) => scriptRuns(fx.home, executable).filter((r) => r.lines[0].includes(alertId));
    const skipped = (alertId: string) => waitFor(() => some(auditsWhere(fx.rec, fx.topics, (e) => e.type === 'command.skipped' && e.alertId === alertId)));

    it('a command-line script gets - for a srcip or dstuser the built-ins would refuse, never an option', async () => {
      const alert = alertFor('-j ACCEPT', { id: '1655477187.610', dstuser: '-l' });
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-classic600', alert, resolution: classic })]);
      const [run] = await waitFor(() => some(ranWith('rec-classic', '1655477187.610')));
      expect(run.args).toEqual(['add', '-', '-', '1655477187.610', '5712', '/var/log/auth.log', '-', '-']);
    });

    it('a newline in location refuses the command-line script with the reason; it never runs', async () => {
      const alert = { ...alertFor('10.3.0.9', { id: '1655477187.611' }), location: '/var/log/auth.log\n2022/06/17 14:46:28 active-response/bin/rec-classic: Ended' };
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-classic600', alert, resolution: classic })]);
      const [audit] = await skipped('1655477187.611');
      expect(audit.reason).toBe("Invalid 'alert.location': control character \\n");
      expect(ranWith('rec-classic', '1655477187.611')).toEqual([]);
    });

    it('an option as location refuses the command-line script', async () => {
      const alert = { ...alertFor('10.3.0.9', { id: '1655477187.612' }), location: '--exec=/bin/sh' };
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-classic600', alert, resolution: classic })]);
      const [audit] = await skipped('1655477187.612');
      expect(audit.reason).toBe("Invalid 'alert.location': '--exec=/bin/sh' starts with '-' (a command line would read it as an option)");
      expect(ranWith('rec-classic', '1655477187.612')).toEqual([]);
    });

    it('ESC in a field refuses a 4.2 script too (the check of every add)', async () => {
      const alert = { ...alertFor('10.3.0.10', { id: '1655477187.613' }), syscheck: { path: '/etc/\x1b]0;owned\x07' } };
      await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert, resolution: stateful })]);
      const [audit] = await skipped('1655477187.613');
      expect(audit.reason).toBe("Invalid 'alert.syscheck.path': control character \\x1b");
      expect(ranWith('rec-stateful', '1655477187.613')).toEqual([]);
    });
  });
});
