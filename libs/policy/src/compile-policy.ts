/**
 * Compiles a policy once so that finding the blocks bound to an alert costs the blocks that can match, not all
 * blocks (issue point 8): an index by rule id (`rules_id`), a level ladder (blocks with only `level`), and an
 * Aho–Corasick index of the literal each `rules_group` alternative requires (blocks with a group). Candidates are
 * then checked with the exact rule, so the result is the same as a full scan in configuration order.
 */
import type { AlertFacts } from './alert-facts';
import { LiteralIndex } from './literal-index';
import { type BindingExplanation, bindsTo, explainBinding } from './match-alert';
import { OsRegex, PreparedSubject } from './ossec-regex';
import type { Policy, ResponseBlock } from './policy';

export interface CompiledPolicy {
  readonly policy: Policy;
  /** Per block index: the compiled rules_group (undefined: none; null: does not compile, never matches). */
  readonly groupRegex: readonly (OsRegex | null | undefined)[];
  readonly byRuleId: ReadonlyMap<number, readonly number[]>;
  /** Blocks whose only condition besides rules_id is `level`, sorted by level. */
  readonly levelLadder: readonly { readonly level: number; readonly index: number }[];
  readonly groupLiterals: LiteralIndex<number>;
  /** Blocks with a rules_group that has no indexable literal: always checked. */
  readonly groupAlways: readonly number[];
}

const compiledCache = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = compiledCache.get(policy);
  if (cached) return cached;
  const groupRegex = policy.responses.map((b) => compileGroup(b.rulesGroup));
  const byRuleId = new Map<number, number[]>();
  const levelLadder: { level: number; index: number }[] = [];
  const groupLiterals = new LiteralIndex<number>();
  const groupAlways: number[] = [];
  for (const block of policy.responses) {
    for (const id of new Set(block.ruleIds)) byRuleId.set(id, [...(byRuleId.get(id) ?? []), block.index]);
    const regex = groupRegex[block.index];
    if (block.rulesGroup === undefined) {
      if (block.level) levelLadder.push({ level: block.level, index: block.index });
    } else if (regex) {
      const literals = regex.requiredLiterals();
      if (literals === undefined) groupAlways.push(block.index);
      else for (const literal of new Set(literals)) groupLiterals.add(literal, block.index);
    }
    // A rules_group that does not compile never matches: only its rules_id can bind the block.
  }
  levelLadder.sort((a, b) => a.level - b.level || a.index - b.index);
  const compiled: CompiledPolicy = {
    policy,
    groupRegex,
    byRuleId,
    levelLadder,
    groupLiterals: groupLiterals.seal(),
    groupAlways,
  };
  compiledCache.set(policy, compiled);
  return compiled;
}

function compileGroup(pattern: string | undefined): OsRegex | null | undefined {
  if (pattern === undefined) return undefined;
  const r = OsRegex.compile(pattern);
  return r.ok ? r.regex : null;
}

export interface Binding {
  readonly block: ResponseBlock;
  readonly explanation: BindingExplanation;
}

/** The blocks bound to the alert, in configuration order, found through the indexes. */
export function boundResponses(compiled: CompiledPolicy, facts: AlertFacts): Binding[] {
  if (facts.level <= 0) return [];
  const candidates = new Set<number>(compiled.byRuleId.get(facts.ruleId) ?? []);
  for (const rung of compiled.levelLadder) {
    if (rung.level > facts.level) break;
    candidates.add(rung.index);
  }
  compiled.groupLiterals.search(facts.groupString, (i) => candidates.add(i));
  for (const i of compiled.groupAlways) candidates.add(i);
  const groups = new PreparedSubject(facts.groupString);
  return [...candidates]
    .sort((a, b) => a - b)
    .filter((i) => bindsTo(compiled.policy.responses[i], compiled.groupRegex[i], facts, groups))
    .map((i) => bindingOf(compiled, i, facts, groups));
}

/** The same result by checking every block: the reference the index is tested and benchmarked against. */
export function boundResponsesByScan(compiled: CompiledPolicy, facts: AlertFacts): Binding[] {
  const groups = new PreparedSubject(facts.groupString);
  return compiled.policy.responses
    .filter((b) => bindsTo(b, compiled.groupRegex[b.index], facts, groups))
    .map((b) => bindingOf(compiled, b.index, facts, groups));
}

/** Every block with its explanation, bound or not (for `simulate` and debugging). */
export function explainAll(compiled: CompiledPolicy, facts: AlertFacts): Binding[] {
  const groups = new PreparedSubject(facts.groupString);
  return compiled.policy.responses.map((b) => bindingOf(compiled, b.index, facts, groups));
}

function bindingOf(compiled: CompiledPolicy, index: number, facts: AlertFacts, groups: PreparedSubject): Binding {
  const block = compiled.policy.responses[index];
  return { block, explanation: explainBinding(block, compiled.groupRegex[index], facts, groups) };
}
