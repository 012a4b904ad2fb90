/**
 * The decision for one alert (spec §1.2, §1.4, §2): the bound responses, the checks analysisd makes before
 * `OS_Exec()` (dstuser 1272, srcip 1271, then the white list over every srcip a built-in may read), and the targets. Pure: the active agents come in as
 * a value; nothing is sent. "Nothing matched" and "suppressed" are results, never errors.
 */
import { type Alert, type ArMessage, ArMessageV1 } from '@riposte/contracts';
import { type AlertFacts, alertAddresses, alertFacts, isValidAlertIp, isValidAlertUser } from './alert-facts';
import { boundResponses, type CompiledPolicy, compilePolicy, explainAll } from './compile-policy';
import type { BindingExplanation } from './match-alert';
import { type LocationKind, type Policy, type ResponseBlock, splitExtraArgs } from './policy';
import { WazuhMessages, wazuhText } from './problem';
import { resolveTargets } from './targets';
import { checkWhitelist } from './whitelist';

/** One message to one agent. */
export interface Dispatch {
  /** Target agent id (`000` = the manager). */
  readonly agent: string;
  /** The ar.conf name, e.g. `firewall-drop600`. */
  readonly name: string;
  readonly command: string;
  readonly executable: string;
  /** The branch taken (spec §1.2). */
  readonly location: LocationKind;
  /** Seconds; 0 = no undo. */
  readonly timeout: number;
  readonly extraArgs: readonly string[];
  /** The command's `<expect>`: present = also run as a pre-4.2 command-line script (deviation f). */
  readonly expect?: string;
  readonly timeoutAllowed: boolean;
  /** The block's `<repeated_offenders>`, as written. */
  readonly repeatedOffenders?: string;
  /** Position of the block among the enabled ones. */
  readonly responseIndex: number;
  /** The Wazuh AR message v1 analysisd would send (spec §3.1); `parameters.alert` is the alert object itself. */
  readonly message: ArMessage;
}

export type SuppressionReason = 'invalid-dstuser' | 'invalid-srcip' | 'whitelisted';

/** A bound response that is not sent, and why. */
export interface Suppression {
  readonly name: string;
  readonly command: string;
  readonly responseIndex: number;
  readonly reason: SuppressionReason;
  /** Wazuh's warning text for 1271/1272, or which white-list entry matched. */
  readonly detail: string;
}

export interface Explanation extends BindingExplanation {
  readonly name: string;
  readonly responseIndex: number;
  readonly line?: number;
  readonly outcome: 'dispatched' | 'suppressed' | 'not-bound';
  readonly location?: LocationKind;
  readonly agents?: readonly string[];
  readonly suppressedBy?: SuppressionReason;
}

export interface Decision {
  readonly ruleId: string;
  readonly level: number;
  readonly agentId: string;
  /** The rebuilt rule group string the rules_group patterns were matched against. */
  readonly groupString: string;
  readonly dispatches: readonly Dispatch[];
  readonly suppressions: readonly Suppression[];
  /** Bound responses only, or every response with `{ explainAll: true }`. */
  readonly explanations: readonly Explanation[];
}

export interface DecideOptions {
  /** Explain every response block, not only the bound ones. @defaultValue false */
  readonly explainAll?: boolean;
}

export function decide(
  alert: Alert,
  policy: Policy | CompiledPolicy,
  activeAgents: readonly string[],
  options: DecideOptions = {},
): Decision {
  const compiled = 'groupLiterals' in policy ? policy : compilePolicy(policy);
  const facts = alertFacts(alert);
  const bindings = options.explainAll ? explainAll(compiled, facts) : boundResponses(compiled, facts);
  const blocked = alertSuppression(compiled.policy, facts, alert);
  const dispatches: Dispatch[] = [];
  const suppressions: Suppression[] = [];
  const explanations: Explanation[] = [];
  for (const { block, explanation } of bindings) {
    if (!explanation.bound) {
      explanations.push(explanationOf(block, explanation, 'not-bound'));
    } else if (blocked) {
      const { reason, detail } = blocked;
      suppressions.push({ name: block.name, command: block.command.name, responseIndex: block.index, reason, detail });
      explanations.push(explanationOf(block, explanation, 'suppressed', { suppressedBy: reason }));
    } else {
      const targets = resolveTargets(block, facts.agentId, activeAgents);
      for (const agent of targets.agents) dispatches.push(dispatchOf(block, agent, targets.location, compiled.policy, alert));
      explanations.push(explanationOf(block, explanation, 'dispatched', { location: targets.location, agents: targets.agents }));
    }
  }
  return {
    ruleId: alert.rule.id,
    level: facts.level,
    agentId: facts.agentId,
    groupString: facts.groupString,
    dispatches,
    suppressions,
    explanations,
  };
}

/** A fixed-shape object (no spread): this runs for every bound response of every alert. */
function explanationOf(
  block: ResponseBlock,
  e: BindingExplanation,
  outcome: Explanation['outcome'],
  extra: Pick<Explanation, 'location' | 'agents' | 'suppressedBy'> = {},
): Explanation {
  return {
    name: block.name,
    responseIndex: block.index,
    line: block.line,
    outcome,
    level: e.level,
    group: e.group,
    rulesId: e.rulesId,
    rule: e.rule,
    bound: e.bound,
    summary: e.summary,
    location: extra.location,
    agents: extra.agents,
    suppressedBy: extra.suppressedBy,
  };
}

/** The per-alert checks, in analysisd's order: dstuser (1272), srcip (1271), then the white list. */
function alertSuppression(policy: Policy, facts: AlertFacts, alert: Alert): { reason: SuppressionReason; detail: string } | undefined {
  if (facts.dstuser !== undefined && !isValidAlertUser(facts.dstuser)) {
    return { reason: 'invalid-dstuser', detail: wazuhText(WazuhMessages.invalidUserInAlert(facts.dstuser)) };
  }
  if (facts.srcip !== undefined && !isValidAlertIp(facts.srcip)) {
    return { reason: 'invalid-srcip', detail: wazuhText(WazuhMessages.invalidIpInAlert(facts.srcip)) };
  }
  return whitelisted(policy, alert);
}

/**
 * The white list over every address a built-in may read (input hardening; analysisd checks only `srcip`): data.srcip
 * first, as Wazuh, then the win.eventdata ones. The first white-listed one suppresses.
 */
function whitelisted(policy: Policy, alert: Alert): { reason: SuppressionReason; detail: string } | undefined {
  if (policy.whitelist.entries.length === 0) return undefined;
  const addresses = alertAddresses(alert as Record<string, unknown>);
  const srcipFirst = [...addresses.filter((a) => a.field === 'data.srcip'), ...addresses.filter((a) => a.field !== 'data.srcip')];
  for (const { field, value } of srcipFirst) {
    const verdict = checkWhitelist(policy.whitelist, value);
    if (!verdict.whitelisted) continue;
    const by = verdict.entry === undefined ? '' : ` (white_list entry '${verdict.entry}')`;
    const name = field === 'data.srcip' ? 'srcip' : field;
    return { reason: 'whitelisted', detail: `${name} '${verdict.checked}' is white-listed${by}` };
  }
  return undefined;
}

function dispatchOf(block: ResponseBlock, agent: string, location: LocationKind, policy: Policy, alert: Alert): Dispatch {
  const extraArgs = splitExtraArgs(block.command.extraArgs);
  return {
    agent,
    name: block.name,
    command: block.command.name,
    executable: block.command.executable,
    location,
    timeout: block.timeout,
    extraArgs,
    expect: block.command.expect,
    timeoutAllowed: block.command.timeoutAllowed,
    repeatedOffenders: block.repeatedOffenders,
    responseIndex: block.index,
    message: ArMessageV1.buildArMessage({
      nodeName: policy.nodeName,
      module: 'wazuh-analysisd',
      command: block.name,
      extraArgs,
      alert: alert as Record<string, unknown>,
    }),
  };
}
