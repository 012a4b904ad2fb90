/**
 * What the binding and the suppression checks read from an alert (spec §2, "Clarifications"): rule id, rule
 * level, the rule's group string as Wazuh held it in `rule->group`, srcip and dstuser.
 */
import type { Alert } from '@riposte/contracts';

/**
 * Compliance entries live in `rule->group` with a prefix; analysisd's JSON output moves each prefixed token to
 * its own array with the prefix removed [W:src/analysisd/format/json_extended.c, W_JSON_ParseGroups]. Order of
 * the tests there: pci_dss_, cis_, gdpr_, gpg13_, hipaa_, nist_800_53_, tsc_.
 */
export const COMPLIANCE_PREFIXES: Readonly<Record<string, string>> = {
  pci_dss: 'pci_dss_',
  cis: 'cis_',
  gdpr: 'gdpr_',
  gpg13: 'gpg13_',
  hipaa: 'hipaa_',
  nist_800_53: 'nist_800_53_',
  tsc: 'tsc_',
};

export interface AlertFacts {
  /** `rule.id` as a number (`sigid`); NaN when it is not a plain number. */
  readonly ruleId: number;
  readonly level: number;
  /** The rebuilt `rule->group`: every token followed by a comma. */
  readonly groupString: string;
  readonly agentId: string;
  readonly srcip?: string;
  readonly dstuser?: string;
}

/** One address of an alert and where it was read. */
export interface AlertAddress {
  /** The path in the alert, e.g. `data.win.eventdata.ipAddress`. */
  readonly field: string;
  readonly value: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The places the built-in scripts read srcip from (spec §3.2), in their order of preference: a script takes the
 * first of them that is a string and only that one.
 */
export const SRCIP_FIELDS = ['data.win.eventdata.ipAddress', 'data.win.eventdata.destinationIp', 'data.srcip'] as const;

/**
 * The string at each of {@link SRCIP_FIELDS}, in that order (non-strings and missing ones left out). Input
 * hardening: the white list is checked against all of them, whichever one a script ends up using. Own
 * properties only, so an alert's `__proto__` key is never followed.
 */
export function alertAddresses(alert: Record<string, unknown>): AlertAddress[] {
  const out: AlertAddress[] = [];
  for (const field of SRCIP_FIELDS) {
    let at: unknown = alert;
    for (const key of field.split('.')) at = isRecord(at) && Object.hasOwn(at, key) ? at[key] : undefined;
    if (typeof at === 'string') out.push({ field, value: at });
  }
  return out;
}

export function alertFacts(alert: Alert): AlertFacts {
  const data = alert.data as Record<string, unknown> | undefined;
  return {
    ruleId: /^\d+$/.test(alert.rule.id) ? Number(alert.rule.id) : Number.NaN,
    level: alert.rule.level,
    groupString: groupString(alert.rule as Record<string, unknown>, data),
    agentId: alert.agent.id,
    srcip: typeof data?.srcip === 'string' ? data.srcip : undefined,
    dstuser: typeof data?.dstuser === 'string' ? data.dstuser : undefined,
  };
}

/**
 * Rebuilds `rule->group` from the alert: `rule.groups` first (analysisd creates that array before it splits the
 * tokens), then each compliance array in the order its key appears in the rule object (analysisd adds a
 * compliance key when it meets the first token of that kind, so the key order is the order of first appearance
 * in the group string), each value with its prefix back. Values that analysisd appended from an SCA check
 * (`data.sca.check.compliance`) were never in the group string and are left out. The interleaving of plain and
 * compliance tokens is not recoverable from the JSON; Wazuh's own ruleset writes plain groups first.
 */
export function groupString(rule: Record<string, unknown>, data?: Record<string, unknown>): string {
  const tokens: string[] = [...strings(rule.groups)];
  const sca = scaCompliance(data);
  for (const key of Object.keys(rule)) {
    const prefix = COMPLIANCE_PREFIXES[key];
    if (prefix === undefined) continue;
    tokens.push(...withoutScaTail(strings(rule[key]), sca[key]).map((v) => prefix + v));
  }
  return tokens.map((t) => `${t},`).join('');
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function scaCompliance(data?: Record<string, unknown>): Record<string, unknown> {
  const sca = data?.sca as { check?: { compliance?: unknown } } | undefined;
  const compliance = sca?.check?.compliance;
  return compliance && typeof compliance === 'object' ? (compliance as Record<string, unknown>) : {};
}

/** Drops the values `add_SCA_groups` appended: the comma-split, trimmed, non-empty parts of the SCA value. */
function withoutScaTail(values: string[], scaValue: unknown): string[] {
  if (typeof scaValue !== 'string') return values;
  const appended = scaValue
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (appended.length === 0 || appended.length > values.length) return values;
  const tail = values.slice(values.length - appended.length);
  return tail.every((v, i) => v === appended[i]) ? values.slice(0, values.length - appended.length) : values;
}

/** `^[a-zA-Z._0-9@?-]*$`: analysisd skips the AR with (1272) when `dstuser` fails it. */
export function isValidAlertUser(user: string): boolean {
  return /^[a-zA-Z._0-9@?-]*$/.test(cString(user));
}

/** `^[a-zA-Z.:_0-9-]*$`: analysisd skips the AR with (1271) when `srcip` fails it. */
export function isValidAlertIp(ip: string): boolean {
  return /^[a-zA-Z.:_0-9-]*$/.test(cString(ip));
}

function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}
