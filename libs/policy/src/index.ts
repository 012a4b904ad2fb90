/**
 * @riposte/policy — PURE: Wazuh 4.x active-response configuration and decisions (spec §1–§2, §3.4).
 * No I/O, no clock, no logging: callers pass strings and values and get results that explain themselves.
 */
export { parseOssecConf, type ParseResult } from './parse-ossec-conf';
export { compilePolicy, boundResponses, boundResponsesByScan, explainAll, type CompiledPolicy, type Binding } from './compile-policy';
export {
  decide,
  type Decision,
  type DecideOptions,
  type Dispatch,
  type Suppression,
  type SuppressionReason,
  type Explanation,
} from './decide';
export type { BindingExplanation } from './match-alert';
export {
  splitExtraArgs,
  expectFields,
  locationKind,
  type ExpectField,
  type Policy,
  type Command,
  type ResponseBlock,
  type DisabledBlock,
  type LocationFlags,
  type LocationKind,
} from './policy';
export { formatProblem, wazuhText, WazuhMessages, type Problem, type Severity } from './problem';
export { OssecConfigError } from './config-error';
export { OsRegex, osRegex, OS_PATTERN_MAXSIZE, type OsRegexError } from './ossec-regex';
export { OsMatch } from './os-match';
export {
  checkWhitelist,
  parseWhitelistEntry,
  EMPTY_WHITELIST,
  type Whitelist,
  type WhitelistEntry,
  type WhitelistVerdict,
} from './whitelist';
export { alertAddresses, alertFacts, groupString, isValidAlertIp, isValidAlertUser, COMPLIANCE_PREFIXES, SRCIP_FIELDS, type AlertAddress, type AlertFacts } from './alert-facts';
export { parseRulesId } from './rules-id';
export { resolveTargets, type Targets } from './targets';
export { arConfEntries, arConfLines, findArConfEntries, BUILTIN_AR_CONF, type ArConfEntry } from './ar-conf';
export { parseAgentArConfig, parseRepeatedOffenders, type AgentArConfig } from './agent-ar-config';
export { escalateTimeout, type Escalation } from './escalate-timeout';
export { atoi, formatAgentId } from './c-string';
