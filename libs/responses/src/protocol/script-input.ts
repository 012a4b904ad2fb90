import { escapeControlChars, firstControlChar, type ArMessage } from '@riposte/contracts';
import { alertAddresses } from '@riposte/policy';
import { isObject } from './parse-message';
import { getAlert, getExtraArgList, isNumericIp, isValidUsername } from './alert-fields';

/** One field of a message that a script must not receive, and why. */
export interface FieldProblem {
  /** Where, from `parameters`: `alert.location`, `alert.data.srcip`, `extra_args.0`. */
  readonly field: string;
  readonly problem: string;
}

/**
 * The alert fields that reach a script's command line (deviation f), a built-in's system calls or a log line as
 * text, besides the srcip fields of `SRCIP_FIELDS`: paths from the alert root.
 */
export const SCRIPT_TEXT_FIELDS = ['data.dstuser', 'id', 'rule.id', 'location', 'syscheck.path'] as const;

function at(alert: Record<string, unknown>, field: string): unknown {
  let value: unknown = alert;
  for (const key of field.split('.')) value = isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  return value;
}

/** The srcip fields, then {@link SCRIPT_TEXT_FIELDS}, then each extra_args element: every string a script may get as text. */
function scriptTexts(message: ArMessage): { field: string; value: string }[] {
  const alert = getAlert(message);
  const texts = alert ? alertAddresses(alert).map((a) => ({ field: `alert.${a.field}`, value: a.value })) : [];
  for (const field of SCRIPT_TEXT_FIELDS) {
    const value = alert ? at(alert, field) : undefined;
    if (typeof value === 'string') texts.push({ field: `alert.${field}`, value });
  }
  getExtraArgList(message).forEach((value, i) => texts.push({ field: `extra_args.${i}`, value }));
  return texts;
}

/**
 * Input hardening, the one check of every path that runs a script (the built-ins in `runScript`, the executor for
 * every add and the command-line arguments of deviation f, the control API's manual trigger): no field a script
 * receives as text may hold a control character (CR, LF, ESC, NUL, DEL, C1). The JSON on stdin escapes them; a
 * command line, a system call's argument or a log line would not.
 */
export function controlCharProblems(message: ArMessage): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const { field, value } of scriptTexts(message)) {
    const c = firstControlChar(value);
    if (c !== undefined) problems.push({ field, problem: `control character ${c}` });
  }
  return problems;
}

/**
 * The built-ins' own reading of srcip and dstuser, as problems: every srcip field that holds a string must be a
 * numeric IP (`isNumericIp`), and `data.dstuser` must pass `is_valid_username`. A built-in treats such a value as
 * absent; a manual trigger, whose alert an operator wrote, is refused instead.
 */
export function alertFieldProblems(message: ArMessage): FieldProblem[] {
  const alert = getAlert(message);
  if (!alert) return [];
  const problems: FieldProblem[] = [];
  for (const { field, value } of alertAddresses(alert)) {
    if (!isNumericIp(value)) problems.push({ field: `alert.${field}`, problem: `'${escapeControlChars(value)}' is not a numeric IP address` });
  }
  const user = at(alert, 'data.dstuser');
  if (typeof user === 'string' && !isValidUsername(user)) {
    problems.push({ field: 'alert.data.dstuser', problem: `'${escapeControlChars(user.slice(0, 300))}' is not a valid username (is_valid_username)` });
  }
  return problems;
}

/** `Invalid '<field>': <problem>`, the line a refusing script logs. */
export function formatFieldProblem(p: FieldProblem): string {
  return `Invalid '${p.field}': ${p.problem}`;
}
