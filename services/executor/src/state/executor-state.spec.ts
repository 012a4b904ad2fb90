import { ArMessageV1 } from '@riposte/contracts';
import { triggerOf } from './executor-state';

const message = (alert: Record<string, unknown>, origin: { name: string | null; module: string } = { name: 'node01', module: 'wazuh-analysisd' }) =>
  ArMessageV1.buildArMessage({ nodeName: origin.name, module: origin.module, command: 'firewall-drop600', extraArgs: [], alert });

describe('triggerOf', () => {
  it.each([
    { when: 'an alert caused it', m: message({ id: '1655477187.49701', rule: { id: '31168' } }), actor: undefined, trigger: { alertId: '1655477187.49701', ruleId: '31168' } },
    { when: 'ids are numbers (Wazuh test inputs)', m: message({ id: 1.5, rule: { id: 5715 } }), actor: undefined, trigger: { alertId: '1.5', ruleId: '5715' } },
    { when: 'an operator posted an alert', m: message({ id: '9.9', rule: { id: '1' } }, { name: null, module: 'API' }), actor: 'alice', trigger: { alertId: '9.9', ruleId: '1', actor: 'alice' } },
    { when: 'an operator posted no alert', m: message({ data: { srcip: '1.2.3.4' } }, { name: null, module: 'API' }), actor: 'alice', trigger: { actor: 'alice' } },
    { when: 'nothing names anyone', m: message({}, { name: null, module: 'API' }), actor: undefined, trigger: { actor: 'API' } },
    { when: 'agent_control sent it', m: message({ data: { srcip: '1.2.3.4' } }, { name: '', module: '' }), actor: undefined, trigger: { actor: '' } },
  ])('when $when', ({ m, actor, trigger }) => {
    expect(triggerOf(m, actor)).toEqual(trigger);
  });
});
