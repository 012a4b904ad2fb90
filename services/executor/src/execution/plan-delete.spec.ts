import { ArMessageV1 } from '@riposte/contracts';
import type { ActiveKey, KeyRecord } from '../state/executor-state';
import { planDelete } from './plan-delete';

const entry: ActiveKey = {
  arName: 'firewall-drop600',
  program: 'active-response/bin/firewall-drop',
  deleteMessage: ArMessageV1.buildArMessage({ nodeName: null, module: 'wazuh-execd', command: 'delete', extraArgs: [], alert: {} }),
  keys: ['1.2.3.4'],
  addedAt: 5000,
  timeoutSeconds: 600,
};
const held: Record<string, KeyRecord> = { 'firewall-drop-1.2.3.4': { active: entry, offender: { count: 2, until: 9e12 } } };

describe('planDelete (scheduler deletes, spec §3.3)', () => {
  it.each([
    { when: 'the generation matches', rkey: 'firewall-drop-1.2.3.4', generation: 5000, run: true },
    { when: 'an abort restarted the key since', rkey: 'firewall-drop-1.2.3.4', generation: 4000, run: false },
    { when: 'the key is gone (redelivery)', rkey: 'firewall-drop-9.9.9.9', generation: 5000, run: false },
    // Issue 10: a delete without a generation could lift any block; it never runs, held key or not.
    { when: 'a delete names no generation, for a key we hold', rkey: 'firewall-drop-1.2.3.4', generation: undefined, run: false, reason: 'delete without generation' },
    { when: 'a delete names no generation, for a key we do not know', rkey: 'firewall-drop-9.9.9.9', generation: undefined, run: false, reason: 'delete without generation' },
  ])('when $when → run=$run', ({ rkey, generation, run, reason }) => {
    const plan = planDelete({ record: held[rkey], generation });
    expect(plan.run).toBe(run);
    if (plan.run) {
      // The key is no longer active; deletes never reset the offender count.
      expect(plan.record).toEqual({ offender: held[rkey].offender });
      expect(plan.entry).toBe(entry);
    } else {
      expect(plan.reason).toBe(reason ?? 'stale delete');
    }
  });

  it('forgets the rkey entirely when it holds no offender count', () => {
    expect(planDelete({ record: { active: entry }, generation: 5000 })).toEqual({ run: true, entry, record: undefined });
  });
});
