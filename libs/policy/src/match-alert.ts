/**
 * Whether one response block binds to an alert (spec §2, `Rule_AddAR()` judged per alert): `(level AND group)`
 * when both are set, else `level` or `group`; `rules_id` always OR'ed; an alert of level 0 never binds. The
 * result explains itself: which condition held and which failed.
 */
import type { AlertFacts } from './alert-facts';
import { type OsRegex, PreparedSubject } from './ossec-regex';
import type { ResponseBlock } from './policy';

export interface BindingExplanation {
  /** `level ≥ N`: undefined when the block has no level. */
  readonly level?: { readonly required: number; readonly actual: number; readonly ok: boolean };
  /** `rules_group` OS_Regex against the group string: undefined when the block has none. */
  readonly group?: { readonly pattern: string; readonly subject: string; readonly ok: boolean; readonly invalid: boolean };
  /** `rules_id`: undefined when the block has none. */
  readonly rulesId?: { readonly ids: readonly number[]; readonly actual: number; readonly ok: boolean };
  /** The combination Wazuh applies, e.g. `(level AND group) OR rules_id`. */
  readonly rule: string;
  readonly bound: boolean;
  /** One line for people: which condition decided. */
  readonly summary: string;
}

/**
 * @param groupRegex the block's compiled `rules_group`: undefined when it has none, null when it does not compile
 *   (then, as in Wazuh, it never matches).
 */
export function explainBinding(
  block: ResponseBlock,
  groupRegex: OsRegex | null | undefined,
  facts: AlertFacts,
  groups: PreparedSubject = new PreparedSubject(facts.groupString),
): BindingExplanation {
  const level = block.level ? { required: block.level, actual: facts.level, ok: facts.level >= block.level } : undefined;
  const group =
    block.rulesGroup === undefined
      ? undefined
      : {
          pattern: block.rulesGroup,
          subject: facts.groupString,
          ok: groupRegex ? groupRegex.test(groups) : false,
          invalid: groupRegex === null,
        };
  const rulesId =
    block.rulesId === undefined
      ? undefined
      : { ids: block.ruleIds, actual: facts.ruleId, ok: block.ruleIds.includes(facts.ruleId) };
  const both = level !== undefined && group !== undefined;
  const levelGroup = both ? level.ok && group.ok : (level?.ok ?? false) || (group?.ok ?? false);
  const mark = levelGroup || (rulesId?.ok ?? false);
  const rule = combination(level !== undefined, group !== undefined, rulesId !== undefined);
  const bound = facts.level > 0 && mark;
  return { level, group, rulesId, rule, bound, summary: summarize(facts, { level, group, rulesId }, bound, rule) };
}

function combination(level: boolean, group: boolean, id: boolean): string {
  const lg = level && group ? '(level AND group)' : level ? 'level' : group ? 'group' : '';
  if (lg && id) return `${lg} OR rules_id`;
  return lg || (id ? 'rules_id' : 'never (no level, rules_group or rules_id)');
}

function summarize(
  facts: AlertFacts,
  c: Pick<BindingExplanation, 'level' | 'group' | 'rulesId'>,
  bound: boolean,
  rule: string,
): string {
  if (facts.level === 0) return 'not bound: alert level 0 never fires an AR';
  const parts: string[] = [];
  if (c.level) parts.push(`level ${c.level.actual} ${c.level.ok ? '>=' : '<'} ${c.level.required}`);
  if (c.group) {
    const how = c.group.invalid ? 'is an invalid OS_Regex, never matches' : c.group.ok ? 'matches' : 'does not match';
    parts.push(`rules_group '${c.group.pattern}' ${how} the group string`);
  }
  if (c.rulesId) parts.push(`rule ${facts.ruleId} ${c.rulesId.ok ? 'in' : 'not in'} rules_id [${c.rulesId.ids.join(',')}]`);
  return `${bound ? 'bound' : 'not bound'} by ${rule}${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

/** The same decision as `explainBinding(...).bound`, without building the explanation (the hot path). */
export function bindsTo(
  block: ResponseBlock,
  groupRegex: OsRegex | null | undefined,
  facts: AlertFacts,
  groups: PreparedSubject,
): boolean {
  if (facts.level <= 0) return false;
  if (block.ruleIds.length > 0 && block.ruleIds.includes(facts.ruleId)) return true;
  const hasLevel = block.level !== 0;
  const hasGroup = block.rulesGroup !== undefined;
  if (!hasLevel && !hasGroup) return false;
  const levelOk = hasLevel && facts.level >= block.level;
  if (hasLevel && hasGroup && !levelOk) return false;
  if (hasLevel && !hasGroup) return levelOk;
  const groupOk = groupRegex ? groupRegex.test(groups) : false;
  return hasLevel ? levelOk && groupOk : groupOk;
}
