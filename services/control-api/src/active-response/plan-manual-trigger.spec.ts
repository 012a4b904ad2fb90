import { findArConfEntries, formatProblem, parseOssecConf } from '@riposte/policy';
import { planManualTrigger, resolve, type KnownAgent } from './plan-manual-trigger';

const agent = (id: string, o: Partial<KnownAgent> = {}): KnownAgent => ({ id, active: true, arDisabled: false, ...o });
const parsed = parseOssecConf(
  `<ossec_config>
    <command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>
    <command><name>custom</name><executable>custom.sh</executable><expect>srcip</expect></command>
    <active-response><command>firewall-drop</command><location>local</location><level>10</level><timeout>600</timeout></active-response>
    <active-response><command>custom</command><location>local</location><level>10</level></active-response>
  </ossec_config>`,
  'ossec.conf',
);
if (!parsed.ok) throw new Error(parsed.errors.map(formatProblem).join('\n'));
const { policy } = parsed;
const entries = (name: string) => findArConfEntries(policy, name);
const registry = [agent('000'), agent('001'), agent('002'), agent('003', { active: false }), agent('004', { arDisabled: true })];

describe('planManualTrigger (spec §6.1)', () => {
  describe('when agents_list is not given', () => {
    it('targets every agent of the registry except the manager, and reports the inactive and AR-disabled ones', () => {
      const plan = planManualTrigger({ command: 'firewall-drop600', agents: registry, entries: entries('firewall-drop600') });
      expect(plan.sendTo).toEqual(['001', '002']);
      expect(plan.failed).toEqual([
        { agentId: '003', code: 1707 },
        { agentId: '004', code: 1750 },
      ]);
      expect(plan.resolution).toEqual({ arName: 'firewall-drop600', executable: 'firewall-drop', timeoutSeconds: 600 });
    });
  });

  describe('when agents are named', () => {
    it.each([
      ['an unknown id', '099', 1701],
      ['the manager', '000', 1703],
      ['an inactive agent', '003', 1707],
      ['an agent with AR disabled', '004', 1750],
    ])('refuses %s with its Wazuh code', (_what, id, code) => {
      const plan = planManualTrigger({ command: 'firewall-drop600', requested: [id], agents: registry, entries: entries('firewall-drop600') });
      expect(plan.sendTo).toEqual([]);
      expect(plan.failed).toEqual([{ agentId: id, code }]);
      expect(plan.resolution).toBeUndefined();
    });

    it('checks in Wazuh order: an unknown agent is 1701 even for an undefined response', () => {
      const plan = planManualTrigger({ command: 'nope0', requested: ['099', '003', '001'], agents: registry, entries: entries('nope0') });
      expect(plan.failed).toEqual([
        { agentId: '099', code: 1701 },
        { agentId: '003', code: 1707 },
        { agentId: '001', code: 1652 },
      ]);
    });

    it('sorts the agents sent to numerically and sends once per id', () => {
      const plan = planManualTrigger({ command: 'firewall-drop600', requested: ['002', '001', '002'], agents: registry, entries: entries('firewall-drop600') });
      expect(plan.sendTo).toEqual(['001', '002']);
    });
  });

  describe('when the command is empty', () => {
    it('fails each reachable agent with 1650', () => {
      const plan = planManualTrigger({ command: '', requested: ['001'], agents: registry, entries: entries('') });
      expect(plan.failed).toEqual([{ agentId: '001', code: 1650 }]);
    });
  });

  describe('when the command is a custom !script', () => {
    it('skips the ar.conf check and resolves to the script with timeout 0', () => {
      const plan = planManualTrigger({ command: '!custom.sh', requested: ['001'], agents: registry, entries: entries('!custom.sh') });
      expect(plan.sendTo).toEqual(['001']);
      expect(plan.resolution).toEqual({ arName: '!custom.sh', executable: 'custom.sh', timeoutSeconds: 0 });
    });
  });
});

describe('resolve', () => {
  it('leaves a name with platform-specific lines to the agent (no resolution)', () => {
    expect(resolve(entries('restart-wazuh0'))).toEqual({ defined: true });
  });
  it('carries <expect> for command-line scripts (deviation f)', () => {
    expect(resolve(entries('custom0')).resolution).toEqual({ arName: 'custom0', executable: 'custom.sh', timeoutSeconds: 0, expect: ['srcip'] });
  });
  it('says an unknown name is not defined', () => {
    expect(resolve(entries('firewall-drop60'))).toEqual({ defined: false });
  });
});
