/**
 * Configuration problems, reported the way Wazuh logs them (code and message text verbatim, spec §1), plus the
 * place: source file and line of the offending element.
 */

/** An error makes the whole file unusable (Wazuh exits); a warning is logged and parsing goes on. */
export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** The file (or any label) the XML came from. */
  readonly source: string;
  /** 1-based line of the offending element (the child element when the problem is about a child). */
  readonly line?: number;
  /** Wazuh's message code (`1230`…) or, for problems Wazuh has no code for, a short name (`expect`, `xml`). */
  readonly code: string;
  /** Wazuh's message text without its `(code): ` prefix. */
  readonly message: string;
}

/** `file:line: (code) message` — one line per problem, like a compiler. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.source : `${p.source}:${p.line}`;
  return `${where}: (${p.code}) ${p.message}`;
}

/** The message as Wazuh logs it: `(1230): Invalid element in the configuration: 'foo'.` */
export function wazuhText(p: Pick<Problem, 'code' | 'message'>): string {
  return /^\d+$/.test(p.code) ? `(${p.code}): ${p.message}` : p.message;
}

/** Message texts of the Wazuh codes the configuration readers use (shared/error_messages.h, warning_messages.h). */
export const WazuhMessages = {
  xmlError: (file: string, detail: string, line: number) => ({
    code: '1226',
    message: `Error reading XML file '${file}': ${detail} (line ${line}).`,
  }),
  invalidElement: (element: string) => ({ code: '1230', message: `Invalid element in the configuration: '${element}'.` }),
  invalidValue: (element: string, value: string) => ({
    code: '1235',
    message: `Invalid value for element '${element}': ${value}.`,
  }),
  invalidIp: (ip: string) => ({ code: '1237', message: `Invalid ip address: '${ip}'.` }),
  commandMissing: () => ({
    code: '1280',
    message: `Missing command options. You must specify a 'name' and 'executable'.`,
  }),
  responseMissing: () => ({ code: '1281', message: 'Missing options in the active response configuration.' }),
  invalidLocation: (location: string) => ({ code: '1302', message: `Invalid active response location: '${location}'.` }),
  invalidCommand: (command: string) => ({ code: '1303', message: `Invalid command '${command}' in the active response.` }),
  noAgentDefined: () => ({ code: '1304', message: 'No agent defined for response.' }),
  timeoutNotAllowed: (command: string) => ({ code: '1305', message: `Timeout not allowed for command: '${command}'.` }),
  agentIdZero: () => ({ code: '1306', message: 'Invalid agent ID. Use location=server to run AR on the manager.' }),
  regexCompile: (pattern: string) => ({ code: '1450', message: `Syntax error on regex: '${pattern}'.` }),
  expectDeprecated: () => ({ code: 'expect', message: 'The <expect> tag is deprecated since version 4.2.0.' }),
  invalidIpInAlert: (ip: string) => ({ code: '1271', message: `Invalid IP Address '${ip}'. Possible logging attack.` }),
  invalidUserInAlert: (user: string) => ({ code: '1272', message: `Invalid username '${user}'. Possible logging attack.` }),
} as const;
