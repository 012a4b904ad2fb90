import type { LocationFlags, ResponseBlock } from './policy';
import { resolveTargets } from './targets';

function block(flags: Partial<LocationFlags>, definedAgent?: string): ResponseBlock {
  return {
    index: 0,
    name: 'firewall-drop600',
    command: { name: 'firewall-drop', executable: 'firewall-drop', timeoutAllowed: true },
    location: 'x',
    flags: { server: false, local: false, definedAgent: false, all: false, ...flags },
    definedAgent,
    level: 1,
    ruleIds: [],
    timeout: 600,
  };
}

describe('§1.2 where an AR runs (OS_Exec branch order)', () => {
  const active = ['002', '001', '005'];
  it.each<[string, ResponseBlock, string, { location: string; agents: string[] }]>([
    ['server → the manager', block({ server: true }), '001', { location: 'server', agents: ['000'] }],
    ['local from an agent → that agent', block({ local: true }), '001', { location: 'local', agents: ['001'] }],
    ['local from the manager (000) → the manager', block({ local: true }), '000', { location: 'local', agents: ['000'] }],
    ['local formats the id with %.3d', block({ local: true }), '1234', { location: 'local', agents: ['1234'] }],
    ['defined-agent → agent_id', block({ definedAgent: true }, '007'), '001', { location: 'defined-agent', agents: ['007'] }],
    [
      'all → every active agent AND the manager (deviation e)',
      block({ all: true }),
      '001',
      { location: 'all', agents: ['000', '001', '002', '005'] },
    ],
    ['server,all → the manager only: the manager branch wins', block({ server: true, all: true }), '001', { location: 'server', agents: ['000'] }],
    [
      'local,all from an agent → all (the remote branch tests all first)',
      block({ local: true, all: true }),
      '003',
      { location: 'all', agents: ['000', '001', '002', '005'] },
    ],
    ['local,all from the manager → the manager only', block({ local: true, all: true }), '000', { location: 'local', agents: ['000'] }],
    [
      'defined-agent,local from an agent → the defined agent (tested before local)',
      block({ definedAgent: true, local: true }, '009'),
      '003',
      { location: 'defined-agent', agents: ['009'] },
    ],
  ])('%s', (_what, b, alertAgent, expected) => {
    expect(resolveTargets(b, alertAgent, active)).toEqual(expected);
  });

  it('all with no active agent still reaches the manager; 000 in the list is not doubled', () => {
    expect(resolveTargets(block({ all: true }), '001', []).agents).toEqual(['000']);
    expect(resolveTargets(block({ all: true }), '001', ['000', '001', '001']).agents).toEqual(['000', '001']);
  });
});
