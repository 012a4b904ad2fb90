import { ArMessageV1 } from '@riposte/contracts';
import type { ActiveKey, ExecutorState } from '../state/executor-state';
import { planDelete } from './plan-delete';

const entry: ActiveKey = {
  arName: 'firewall-drop600',
  program: 'active-response/bin/firewall-drop',
  deleteMessage: ArMessageV1.buildArMessage({ nodeName: null, module: 'wazuh-execd', command: 'delete', extraArgs: [], alert: {} }),
  keys: ['1.2.3.4'],
  addedAt: 5000,
  timeoutSeconds: 600,
};
const state: ExecutorState = { active: { 'firewall-drop-1.2.3.4': entry }, offenders: { 'firewall-drop-1.2.3.4': 2 } };

describe('planDelete (scheduler deletes, spec §3.3)', () => {
  it.each([
    { when: 'the generation matches', rkey: 'firewall-drop-1.2.3.4', generation: 5000, run: true, left: [] },
    { when: 'an abort restarted the key since', rkey: 'firewall-drop-1.2.3.4', generation: 4000, run: false, left: ['firewall-drop-1.2.3.4'] },
    { when: 'the key is gone (redelivery)', rkey: 'firewall-drop-9.9.9.9', generation: 5000, run: false, left: ['firewall-drop-1.2.3.4'] },
    // Issue 10: a delete without a generation could lift any block; it never runs, held key or not.
    { when: 'a delete names no generation, for a key we hold', rkey: 'firewall-drop-1.2.3.4', generation: undefined, run: false, left: [], reason: 'delete without generation' },
    { when: 'a delete names no generation, for a key we do not know', rkey: 'firewall-drop-9.9.9.9', generation: undefined, run: false, left: [], reason: 'delete without generation' },
  ])('when $when → run=$run', ({ rkey, generation, run, left, reason }) => {
    const plan = planDelete({ state, rkey, generation });
    expect(plan.run).toBe(run);
    if (plan.run) {
      expect(Object.keys(plan.state.active)).toEqual(left);
      expect(plan.state.offenders).toEqual(state.offenders); // deletes never reset the offender count
      expect(plan.entry).toBe(entry);
    } else {
      expect(plan.reason).toBe(reason ?? 'stale delete');
    }
  });
});
