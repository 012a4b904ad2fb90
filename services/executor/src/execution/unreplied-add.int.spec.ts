import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArMessageV1 } from '@riposte/contracts';
import { waitFor } from '@riposte/testing';
import { STATE_LOG } from '../state/local-state.store';
import { recordLine, STATE_LOG_HEADER } from '../state/state-log';
import type { ActiveKey } from '../state/executor-state';
import { addCommand, alertFor, schedulesFor, scriptRuns, useExecutorFixture } from '../testing/executor-harness';

const AGENT = '001';
const PROGRAM = 'active-response/bin/rec-stateful';
const resolution = { arName: 'rec-stateful600', executable: 'rec-stateful', timeoutSeconds: 600 };
const UNREPLIED = '10.9.0.1';
const REPLIED = '10.9.0.2';

/** What the state log holds for `srcip` once its add was decided `continue` at `addedAt`. */
function saved(srcip: string, unreplied: boolean): string {
  const message = ArMessageV1.rewriteForScript(ArMessageV1.buildArMessage({ nodeName: 'node01', module: 'wazuh-analysisd', command: 'rec-stateful600', extraArgs: [], alert: alertFor(srcip) }), 'add', PROGRAM);
  const active: ActiveKey = { arName: 'rec-stateful600', program: PROGRAM, deleteMessage: ArMessageV1.withCommand(message, 'delete'), keys: [srcip], addedAt: Date.now() - 1_000, timeoutSeconds: 600, ...(unreplied && { unreplied: true as const }) };
  return recordLine(`rec-stateful-${srcip}`, { active });
}

/**
 * Chaos finding (issue 11): an executor killed after saving an add's key but before writing `continue` to the script
 * left the key active for a block that never ran, so the redelivered add got `abort` and the block never came.
 * The state such a crash leaves is planted, then the add arrives again.
 */
describe('executor: an add whose continue never reached its script, after a crash', () => {
  const fx = useExecutorFixture({
    agentId: AGENT,
    scripts: { 'rec-stateful': 'stateful' },
    prepareHome: (home) => writeFileSync(path.join(home, STATE_LOG), STATE_LOG_HEADER + saved(UNREPLIED, true) + saved(REPLIED, false)),
  });
  const runsFor = (srcip: string) => scriptRuns(fx.home, 'rec-stateful').filter((r) => r.lines[0]?.includes(`"srcip":"${srcip}"`));

  it('runs again with continue, and its timer is requested under a new generation', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor(UNREPLIED), resolution })]);
    const [schedule] = await waitFor(() => {
      const s = schedulesFor(fx.rec, fx.topics, `rec-stateful-${UNREPLIED}`).filter((x) => !x.reconcile);
      return s.length > 0 ? s : undefined;
    });
    expect(runsFor(UNREPLIED).map((r) => JSON.parse(r.lines[1]).command)).toEqual(['continue']);
    expect(schedule.addedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a key whose continue was written stays active: its repeat aborts, as in Wazuh', async () => {
    await fx.producer.send([addCommand(fx.topics, AGENT, { command: 'rec-stateful600', alert: alertFor(REPLIED), resolution })]);
    await waitFor(() => (schedulesFor(fx.rec, fx.topics, `rec-stateful-${REPLIED}`).some((s) => !s.reconcile) ? true : undefined));
    expect(runsFor(REPLIED).map((r) => JSON.parse(r.lines[1]).command)).toEqual(['abort']);
  });
});
