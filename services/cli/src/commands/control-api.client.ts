/**
 * What the control-plane commands (`agents`, `agents enroll|revoke`, `active`, `unblock`, `run`, `tail audit`) share: exit codes, the
 * common flags, the context a command runs in, {@link defineCommand} (parse, help, usage errors, the adapter to the
 * CLI's `CliCommand`), and {@link requestAndPrint}: one HTTP call to the control API, its body checked against the
 * schema of `@riposte/contracts`, every failure turned into an exit code.
 */
import type { Command } from 'commander';
import { ControlApiV1 } from '@riposte/contracts';
import type { ZodType, ZodTypeDef } from 'zod';
import type { CliIo } from '../cli-io';
import { cliCommand, parseCommandLine, single, type CommandHelp } from '../command-line';
import type { CliCommand } from './cli-command';

/** Exit codes of the control-plane commands (0–2 as every `riposte` command). */
export const EXIT = {
  ok: 0,
  /** The operation failed (e.g. some agents were not reached, nothing to unblock, an answer that is not the API's). */
  failed: 1,
  /** Wrong command line (also a 400 from the API). */
  usage: 2,
  /** The control API (or Kafka, for `tail audit`) does not answer. */
  unreachable: 3,
  /** 401 or 403: no token, an unknown one, or one without the role or the agent. */
  auth: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes (one line per call) and what it reads: injected so tests capture output and stop followers. */
export interface CommandContext {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
  /** Aborted to stop a long-running command (`tail audit`); without one, Ctrl-C stops it. */
  readonly signal?: AbortSignal;
  /** Reads a file as UTF-8 (`agents enroll --key`). @defaultValue the file system */
  readFile?(path: string): Promise<string>;
}

/** One control-plane subcommand: `run` gets the arguments after its name and resolves to the exit code. */
export interface ControlCommand {
  readonly name: string;
  /** One line for `riposte --help`. */
  readonly summary: string;
  /** One line, printed after a usage error. */
  readonly usage: string;
  /** The full `riposte <name> --help` text. */
  readonly help: string;
  run(argv: readonly string[], ctx: CommandContext): Promise<ExitCode>;
}

/** Registers a control-plane command with the CLI: lines to the CLI's streams, the process environment. */
export function asCliCommand(command: ControlCommand): CliCommand {
  return {
    name: command.name,
    summary: command.summary,
    help: command.help,
    run: (argv: readonly string[], io: CliIo) =>
      command.run(argv, { env: process.env, out: (l) => io.stdout(`${l}\n`), err: (l) => io.stderr(`${l}\n`), readFile: (path) => io.readFile(path) }),
  };
}

/** The options every HTTP command accepts. */
export interface ApiOptions {
  api?: string;
  token?: string;
  json?: boolean;
}

/**
 * A control-plane command: `options` declares its flags on a commander command; the line is parsed, `--help`
 * printed, and a wrong line reported (exit 2) before `action` runs with the values and the operands.
 */
export function defineCommand<O>(spec: {
  name: string;
  summary: string;
  help: CommandHelp;
  options: (cmd: Command) => Command;
  action: (this: ControlCommand, opts: O, args: string[], ctx: CommandContext) => Promise<ExitCode>;
}): ControlCommand {
  const build = () => spec.options(cliCommand(spec.name, spec.help));
  const command: ControlCommand = {
    name: spec.name,
    summary: spec.summary,
    usage: `Usage: riposte ${spec.name} ${spec.help.usage}`,
    help: build().helpInformation(),
    async run(argv, ctx) {
      const line = parseCommandLine<O>(build(), argv);
      if (line.kind === 'usage') return usageError(ctx, command, line.message);
      if (line.kind === 'help') return print(ctx, line.text.replace(/\n$/, ''));
      return spec.action.call(command, line.opts, line.args, ctx);
    },
  };
  return command;
}

/** The control API's default address (the Wazuh API's port). */
export const DEFAULT_API = 'http://127.0.0.1:55000';

/** Declares `--api`, `--token` and `--json`. */
export function apiOptions(cmd: Command): Command {
  return cmd
    .option('--api <url>', `the control API (default $RIPOSTE_API, else ${DEFAULT_API})`, single)
    .option('--token <token>', 'the bearer token (default $RIPOSTE_TOKEN)', single)
    .option('--json', "print the API's JSON instead of text");
}

/** The exit-code paragraph of every HTTP command's help. */
export const EXITS_HELP = 'Exits 0 on success, 1 when the operation failed, 2 on a wrong command line, 3 when the control API does not\nanswer, 4 when the token is refused (401) or lacks the role or the agent (403).';

export interface ApiTarget {
  readonly url: string;
  readonly token?: string;
}

/** `--api` / RIPOSTE_API and `--token` / RIPOSTE_TOKEN, flags first. */
export function apiTarget(values: { api?: string; token?: string }, env: NodeJS.ProcessEnv): ApiTarget {
  const url = (values.api || env.RIPOSTE_API || DEFAULT_API).replace(/\/+$/, '');
  const token = values.token || env.RIPOSTE_TOKEN || undefined;
  return { url, ...(token && { token }) };
}

/** A finished HTTP exchange with a body of the route's schema, or the exit code for why there is none worth reading. */
export type ApiResult<T> = { ok: true; status: number; body: T; raw: unknown } | ApiFailure;
export type ApiFailure = { ok: false; exit: ExitCode; message: string; status?: number; body?: unknown };

/** The schema of a route's 2xx body (`ControlApiV1`). */
export type BodySchema<T> = ZodType<T, ZodTypeDef, unknown>;

/** How long one call may take before the API counts as unreachable, in ms. */
const TIMEOUT_MS = 15_000;

/**
 * One call to the control API. 2xx → the JSON body checked against `schema` (else EXIT.failed naming the fields);
 * 401/403 → EXIT.auth; 400 → EXIT.usage; other statuses → EXIT.failed with the problem's detail; no answer →
 * EXIT.unreachable.
 */
export async function callApi<T>(target: ApiTarget, method: string, route: string, schema: BodySchema<T>, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${target.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, exit: EXIT.unreachable, message: `cannot reach the control API at ${target.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}` };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page): reported as text below.
  }
  if (res.ok) {
    const checked = ControlApiV1.checkResponse(schema, parsed);
    if (checked.ok) return { ok: true, status: res.status, body: checked.value, raw: parsed };
    const issues = checked.issues.length > 3 ? [...checked.issues.slice(0, 3), `… ${checked.issues.length - 3} more`] : checked.issues;
    return { ok: false, exit: EXIT.failed, status: res.status, body: parsed, message: `${method} ${route} answered ${res.status} with a body that is not the control API's: ${issues.join('; ')}` };
  }
  const problem = ControlApiV1.ProblemSchema.safeParse(parsed);
  const detail = problem.success ? problem.data.detail : (parsed as { detail?: unknown } | undefined)?.detail;
  const message = `${res.status} ${typeof detail === 'string' ? detail : text.slice(0, 200) || res.statusText}`;
  const exit = res.status === 401 || res.status === 403 ? EXIT.auth : res.status === 400 ? EXIT.usage : EXIT.failed;
  return { ok: false, exit, message, status: res.status, body: parsed };
}

/** One request of a command, and how its checked body is printed. */
export interface ApiRequest<T> {
  readonly method: string;
  readonly route: string;
  readonly body?: unknown;
  readonly schema: BodySchema<T>;
  /** What `--json` prints. @defaultValue the API's JSON as received */
  readonly json?: (body: T) => unknown;
  /** Prints the text form, one line per `out` call. */
  readonly render: (body: T, out: (line: string) => void) => void;
  /** Whether the operation succeeded, with or without `--json`. @defaultValue EXIT.ok */
  readonly exit?: (body: T) => ExitCode;
}

/** The request/print/exit every HTTP command makes: call, report a failure, print the JSON or the text. */
export async function requestAndPrint<T>(ctx: CommandContext, command: Pick<ControlCommand, 'name'>, opts: ApiOptions, req: ApiRequest<T>): Promise<ExitCode> {
  const json = opts.json === true;
  const r = await callApi(apiTarget(opts, ctx.env), req.method, req.route, req.schema, req.body);
  if (!r.ok) return reportFailure(ctx, command, r, json);
  if (json) ctx.out(JSON.stringify(req.json ? req.json(r.body) : r.raw, null, 2));
  else req.render(r.body, (line) => ctx.out(line));
  return req.exit ? req.exit(r.body) : EXIT.ok;
}

/** Prints a failed call (and the API's JSON with `--json`); returns its exit code. */
export function reportFailure(ctx: CommandContext, command: Pick<ControlCommand, 'name'>, r: ApiFailure, json: boolean): ExitCode {
  if (json && r.body !== undefined && typeof r.body === 'object') ctx.out(JSON.stringify(r.body, null, 2));
  ctx.err(`riposte ${command.name}: ${r.message}`);
  return r.exit;
}

/** Prints a usage problem and the command's usage line; returns EXIT.usage. */
export function usageError(ctx: CommandContext, command: Pick<ControlCommand, 'name' | 'usage'>, message: string): ExitCode {
  ctx.err(`riposte ${command.name}: ${message}`);
  ctx.err(`${command.usage}   (riposte ${command.name} --help for more)`);
  return EXIT.usage;
}

/** Prints `text` and returns EXIT.ok. */
export function print(ctx: CommandContext, text: string): ExitCode {
  ctx.out(text);
  return EXIT.ok;
}

/** Left-aligned columns for a human table; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** Whole seconds as `1h02m03s`, `5m00s`, `42s`. */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** `2026-11-28T15:00:00.000Z` → `2026-11-28T15:00:00Z`. */
export function isoSeconds(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}
