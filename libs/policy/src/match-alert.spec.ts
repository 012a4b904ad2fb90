import type { AlertFacts } from './alert-facts';
import { explainBinding } from './match-alert';
import { OsRegex } from './ossec-regex';
import type { ResponseBlock } from './policy';
import { parseRulesId } from './rules-id';

function block(o: { level?: number; rulesGroup?: string; rulesId?: string }): ResponseBlock {
  return {
    index: 0,
    name: 'firewall-drop600',
    command: { name: 'firewall-drop', executable: 'firewall-drop', timeoutAllowed: true },
    location: 'local',
    flags: { server: false, local: true, definedAgent: false, all: false },
    level: o.level ?? 0,
    rulesGroup: o.rulesGroup,
    rulesId: o.rulesId,
    ruleIds: o.rulesId === undefined ? [] : parseRulesId(o.rulesId),
    timeout: 600,
  };
}

function facts(level: number, ruleId = 5712, groups = 'syslog,sshd,authentication_failed,'): AlertFacts {
  return { ruleId, level, groupString: groups, agentId: '001' };
}

function bound(o: Parameters<typeof block>[0], f: AlertFacts): boolean {
  const b = block(o);
  const regex = b.rulesGroup === undefined ? undefined : OsRegex.compile(b.rulesGroup);
  return explainBinding(b, regex === undefined ? undefined : regex.ok ? regex.regex : null, f).bound;
}

describe('§2.2 binding: (level AND group) OR rules_id; else level OR rules_id, or group OR rules_id', () => {
  it.each<[string, Parameters<typeof block>[0], AlertFacts, boolean]>([
    ['level alone, reached', { level: 10 }, facts(10), true],
    ['level alone, above', { level: 10 }, facts(12), true],
    ['level alone, not reached', { level: 10 }, facts(9), false],
    ['group alone, matching', { rulesGroup: 'sshd,' }, facts(3), true],
    ['group alone, not matching', { rulesGroup: 'web,' }, facts(3), false],
    ['level AND group: both hold', { level: 5, rulesGroup: 'sshd,' }, facts(5), true],
    ['level AND group: level fails (the docs say OR; the code says AND)', { level: 6, rulesGroup: 'sshd,' }, facts(5), false],
    ['level AND group: group fails', { level: 5, rulesGroup: 'web,' }, facts(9), false],
    ['rules_id alone, listed', { rulesId: '5710,5712' }, facts(3), true],
    ['rules_id alone, not listed', { rulesId: '5710' }, facts(3), false],
    ['rules_id OR (level AND group): the id rescues', { level: 6, rulesGroup: 'web,', rulesId: '5712' }, facts(3), true],
    ['rules_id OR level: level rescues', { level: 3, rulesId: '1' }, facts(3), true],
    ['none of the three: never', {}, facts(15), false],
    ['alert level 0 never binds, even by rules_id', { rulesId: '5712' }, facts(0), false],
    ['alert level 0 never binds by level 0 blocks', { level: 0, rulesGroup: 'sshd,' }, facts(0), false],
    ['an invalid rules_group never matches', { rulesGroup: '(a|b)' }, facts(10), false],
    ['an empty rules_group never matches', { rulesGroup: '' }, facts(10), false],
    ['an empty rules_id never matches', { rulesId: '' }, facts(10), false],
  ])('%s', (_what, o, f, expected) => {
    expect(bound(o, f)).toBe(expected);
  });

  it('explains which condition held and which failed', () => {
    const b = block({ level: 6, rulesGroup: 'sshd,', rulesId: '5712' });
    const e = explainBinding(b, OsRegex.of('sshd,'), facts(5));
    expect(e).toMatchObject({
      level: { required: 6, actual: 5, ok: false },
      group: { pattern: 'sshd,', subject: 'syslog,sshd,authentication_failed,', ok: true },
      rulesId: { ids: [5712], actual: 5712, ok: true },
      rule: '(level AND group) OR rules_id',
      bound: true,
    });
    expect(e.summary).toBe(
      "bound by (level AND group) OR rules_id: level 5 < 6; rules_group 'sshd,' matches the group string; rule 5712 in rules_id [5712]",
    );
  });

  it('explains a level-0 alert and a block without conditions', () => {
    expect(explainBinding(block({ level: 3 }), undefined, facts(0)).summary).toBe('not bound: alert level 0 never fires an AR');
    expect(explainBinding(block({}), undefined, facts(3))).toMatchObject({
      rule: 'never (no level, rules_group or rules_id)',
      bound: false,
    });
  });
});
