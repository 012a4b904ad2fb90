/**
 * Property-based checks of the decision over generated configurations and alerts (spec §1.2, §1.4, §2, and the
 * deviations (a) and (e)).
 */
import fc from 'fast-check';
import type { Alert } from '@riposte/contracts';
import { decide } from './decide';
import { parseOssecConf } from './parse-ossec-conf';
import type { Policy } from './policy';

interface BlockSpec {
  command: 'firewall-drop' | 'restart-wazuh' | 'host-deny';
  location: string;
  agentId?: string;
  level?: number;
  rulesGroup?: string;
  rulesId?: number[];
  timeout?: number;
  disabled?: boolean;
}

const COMMANDS = [
  '<command><name>firewall-drop</name><executable>firewall-drop</executable><timeout_allowed>yes</timeout_allowed></command>',
  '<command><name>restart-wazuh</name><executable>restart-wazuh</executable></command>',
  '<command><name>host-deny</name><executable>host-deny</executable><timeout_allowed>yes</timeout_allowed></command>',
].join('');

const GROUPS = ['syslog', 'sshd', 'web', 'attack', 'authentication_failed', 'windows'];

const arbBlock: fc.Arbitrary<BlockSpec> = fc.record(
  {
    command: fc.constantFrom('firewall-drop' as const, 'restart-wazuh' as const, 'host-deny' as const),
    location: fc.constantFrom('local', 'server', 'all', 'any', 'defined-agent', 'server,all', 'local|all', 'AS'),
    agentId: fc.constantFrom('1', '002', '17'),
    level: fc.integer({ min: 0, max: 20 }),
    rulesGroup: fc.constantFrom('sshd,', 'web|attack', '^syslog,', 'authentication_\\w+', 'windows,$'),
    rulesId: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
    timeout: fc.constantFrom(0, 60, 600),
    disabled: fc.boolean(),
  },
  { requiredKeys: ['command', 'location', 'agentId'] },
);

function xmlOf(blocks: readonly BlockSpec[], whitelist: readonly string[] = []): string {
  const body = blocks.map((b) => {
    const o: string[] = [`<command>${b.command}</command>`, `<location>${b.location}</location>`, `<agent_id>${b.agentId}</agent_id>`];
    if (b.disabled) o.unshift('<disabled>yes</disabled>');
    if (b.level !== undefined) o.push(`<level>${b.level}</level>`);
    if (b.rulesGroup !== undefined) o.push(`<rules_group>${b.rulesGroup}</rules_group>`);
    if (b.rulesId !== undefined) o.push(`<rules_id>${b.rulesId.join(',')}</rules_id>`);
    if (b.timeout !== undefined) o.push(`<timeout>${b.timeout}</timeout>`);
    return `<active-response>${o.join('')}</active-response>`;
  });
  const wl = whitelist.map((w) => `<white_list>${w}</white_list>`).join('');
  return `<ossec_config><global>${wl}</global>${COMMANDS}${body.join('\n')}</ossec_config>`;
}

function policyOf(blocks: readonly BlockSpec[], whitelist: readonly string[] = []): Policy {
  const r = parseOssecConf(xmlOf(blocks, whitelist), 'generated.conf');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const arbAgentId = fc.constantFrom('000', '001', '002', '003', '010');
const arbAlert: fc.Arbitrary<Alert> = fc
  .record({
    id: fc.integer({ min: 1, max: 12 }),
    level: fc.integer({ min: 0, max: 20 }),
    groups: fc.subarray(GROUPS, { minLength: 1 }),
    agent: arbAgentId,
    srcip: fc.option(fc.ipV4(), { nil: undefined }),
  })
  .map((a) => ({
    rule: { id: String(a.id), level: a.level, groups: a.groups },
    agent: { id: a.agent },
    data: a.srcip === undefined ? {} : { srcip: a.srcip },
  })) as fc.Arbitrary<Alert>;
const arbActive = fc.uniqueArray(fc.constantFrom('001', '002', '003', '004', '010', '120'), { maxLength: 5 });

const key = (d: { agent: string; name: string; responseIndex: number }) => `${d.responseIndex}:${d.name}@${d.agent}`;

describe('properties of decide()', () => {
  it('§2.2 adding an id to rules_id never removes a dispatch', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { minLength: 1, maxLength: 6 }), fc.nat(), fc.integer({ min: 1, max: 12 }), arbAlert, arbActive, (blocks, which, id, alert, active) => {
        const i = which % blocks.length;
        const more = blocks.map((b, j) => (j === i ? { ...b, rulesId: [...(b.rulesId ?? []), id] } : b));
        const before = decide(alert, policyOf(blocks), active).dispatches.map(key);
        const after = new Set(decide(alert, policyOf(more), active).dispatches.map(key));
        for (const d of before) expect(after.has(d)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('§1.4 a white-listed srcip never dispatches, whatever the responses', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { maxLength: 6 }), arbAlert, arbActive, fc.ipV4(), fc.integer({ min: 8, max: 32 }), (blocks, alert, active, ip, bits) => {
        const whitelisted = { ...alert, data: { srcip: ip } } as Alert;
        const d = decide(whitelisted, policyOf(blocks, [`${ip}/${bits}`]), active);
        expect(d.dispatches).toEqual([]);
        expect(d.suppressions.every((s) => s.reason === 'whitelisted')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('§1.2 + deviation (e): `all`/`any` always reaches 000 and every active agent, unless server wins', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { maxLength: 6 }), arbAlert, arbActive, (blocks, alert, active) => {
        const policy = policyOf(blocks);
        const d = decide(alert, policy, active);
        for (const e of d.explanations) {
          if (e.outcome !== 'dispatched' || e.location !== 'all') continue;
          const agents = d.dispatches.filter((x) => x.responseIndex === e.responseIndex).map((x) => x.agent);
          expect(new Set(agents)).toEqual(new Set(['000', ...active]));
        }
        for (const x of d.dispatches) {
          const flags = policy.responses[x.responseIndex].flags;
          if (flags.server) expect([x.agent, x.location]).toEqual(['000', 'server']);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('deviation (a): disabled blocks never dispatch and do not change what the enabled ones do', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { maxLength: 8 }), arbAlert, arbActive, (blocks, alert, active) => {
        const enabledOnly = blocks.filter((b) => !b.disabled);
        const withDisabled = decide(alert, policyOf(blocks), active).dispatches.map((d) => `${d.name}@${d.agent}`);
        const without = decide(alert, policyOf(enabledOnly), active).dispatches.map((d) => `${d.name}@${d.agent}`);
        expect(withDisabled).toEqual(without);
      }),
      { numRuns: 150 },
    );
  });

  it('§2.1 a level-0 alert never dispatches', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { maxLength: 6 }), arbAlert, arbActive, (blocks, alert, active) => {
        const zero = { ...alert, rule: { ...alert.rule, level: 0 } } as Alert;
        expect(decide(zero, policyOf(blocks), active).dispatches).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('every dispatch carries the Wazuh message of its response and the alert unchanged', () => {
    fc.assert(
      fc.property(fc.array(arbBlock, { maxLength: 6 }), arbAlert, arbActive, (blocks, alert, active) => {
        for (const x of decide(alert, policyOf(blocks), active).dispatches) {
          expect(x.message).toEqual({
            version: 1,
            origin: { name: 'undefined', module: 'wazuh-analysisd' },
            command: x.name,
            parameters: { extra_args: [], alert },
          });
          expect(x.message.parameters.alert).toBe(alert);
          expect(x.name).toBe(`${x.command}${x.timeout}`);
        }
      }),
      { numRuns: 100 },
    );
  });
});
