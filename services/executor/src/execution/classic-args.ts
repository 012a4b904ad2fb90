import type { ArMessage } from '@riposte/contracts';
import { controlCharProblems, formatFieldProblem, isNumericIp, isValidUsername } from '@riposte/responses';

/** The add/delete word of a classic (pre-4.2) command line. */
export type ClassicVerb = 'add' | 'delete';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field of the alert as analysisd printed it for old agents: the value, or `-` when absent or empty. */
function field(value: unknown, numeric = false): string {
  if (typeof value === 'string') return value === '' ? '-' : value;
  // Ids arrive as numbers in some producers (Wazuh's own test inputs send `"id":5715`).
  if (numeric && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '-';
}

/** srcip and dstuser only as the built-ins would read them (a numeric IP; `is_valid_username`), else absent. */
const srcipArg = (v: unknown) => (typeof v === 'string' && isNumericIp(v) ? v : '-');
const userArg = (v: unknown) => (typeof v === 'string' && isValidUsername(v) ? v : '-');

/**
 * The classic OSSEC argument vector of deviation (f), without the program itself:
 * `add|delete <user|-> <srcip|-> <alert id> <rule id> <location> <file|->` then the extra_args (or `-` when there
 * are none, as the pre-4.2 analysisd wrote them: `… /home/vagrant/file/n44.txt -`). Read from `data.dstuser`,
 * `data.srcip`, `id`, `rule.id`, `location` and `syscheck.path` of `parameters.alert`. Values are whole argv
 * elements: a location with a space stays one argument (no shell ever splits them). Input hardening: dstuser and
 * srcip pass the built-ins' checks or are `-`, so neither can be an option; see {@link classicArgsProblem} for
 * the rest.
 */
export function classicArgs(message: ArMessage, verb: ClassicVerb): string[] {
  const alert = isObject(message.parameters.alert) ? message.parameters.alert : {};
  const data = isObject(alert.data) ? alert.data : {};
  const rule = isObject(alert.rule) ? alert.rule : {};
  const syscheck = isObject(alert.syscheck) ? alert.syscheck : {};
  const extra = (message.parameters.extra_args ?? []).filter((a) => typeof a === 'string');
  return [
    verb,
    userArg(data.dstuser),
    srcipArg(data.srcip),
    field(alert.id, true),
    field(rule.id, true),
    field(alert.location),
    field(syscheck.path),
    ...(extra.length > 0 ? extra : ['-']),
  ];
}

/** The alert fields of the vector besides user and srcip, named as `controlCharProblems` names them. */
const OPTION_FIELDS: readonly [string, (alert: Record<string, unknown>) => unknown, boolean][] = [
  ['alert.id', (a) => a.id, true],
  ['alert.rule.id', (a) => (isObject(a.rule) ? a.rule.id : undefined), true],
  ['alert.location', (a) => a.location, false],
  ['alert.syscheck.path', (a) => (isObject(a.syscheck) ? a.syscheck.path : undefined), false],
];

/**
 * Why this message must not reach a command line, or undefined (input hardening): a control character in any field
 * a script receives, or an alert value of the vector (id, rule id, location, syscheck path) that starts with `-`,
 * which the script's option parser would take as an option. The extra_args come from the configuration or the
 * operator and are passed as given (options included).
 */
export function classicArgsProblem(message: ArMessage): string | undefined {
  const [unsafe] = controlCharProblems(message);
  if (unsafe) return formatFieldProblem(unsafe);
  const alert = isObject(message.parameters.alert) ? message.parameters.alert : {};
  for (const [name, read, numeric] of OPTION_FIELDS) {
    const value = field(read(alert), numeric);
    if (value !== '-' && value.startsWith('-')) return `Invalid '${name}': '${value}' starts with '-' (a command line would read it as an option)`;
  }
  return undefined;
}

/** The same vector with its first word replaced (an add's arguments become its delete's). */
export function withVerb(args: readonly string[], verb: ClassicVerb): string[] {
  return [verb, ...args.slice(1)];
}

/**
 * The pre-4.2 duplicate key of a command-line script: the program followed by its srcip argument
 * (`snprintf(rkey, 255, "%s%s", command[0], args[3])` in execd ≤ 4.1, where args[3] is the srcip). Programs are
 * paths (`active-response/bin/x`), so this key never collides with a 4.2+ rkey (a basename).
 */
export function classicRkey(program: string, args: readonly string[]): string {
  return `${program}${args[2] ?? '-'}`;
}
