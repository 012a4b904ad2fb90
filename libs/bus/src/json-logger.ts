/**
 * Structured JSON logs at the edges, through one pino root logger: one line per event on stderr,
 * `{"level","time","logger","msg",…fields}`. Every namespace is a child of that root (`createLogger(ns)`), and Nest
 * logs through the same root (`PinoNestLogger`), so a service has one level and one format.
 * `LOG_LEVEL` = debug | info | warn | error | silent (pino's trace and fatal too; default info; tests default to
 * silent unless set).
 */
import pino from 'pino';

type PinoLogger = pino.Logger;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** What callers use: a message first, then fields (kafkajs's order; pino's own is fields first). */
export interface Log {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** The level `LOG_LEVEL` names; unknown values fall back to info, as they always did. */
export function logLevelFrom(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL ?? (env.JEST_WORKER_ID ? 'silent' : 'info');
  return LEVELS.has(level) ? level : 'info';
}

/** A root logger in our line format; services use the one {@link rootLogger} returns, specs pass a destination. */
export function createRootLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): PinoLogger {
  return pino(
    {
      level: opts.level ?? logLevelFrom(process.env),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: the line of a service that exits right after logging (a failed boot) is not lost.
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

let root: PinoLogger | undefined;

/** The process's root logger, created on first use with the level of `LOG_LEVEL`. */
export function rootLogger(): PinoLogger {
  return (root ??= createRootLogger());
}

/** Flattens an error and its cause chain into loggable fields, once, where it is handled. */
export function errorFields(error: unknown): LogFields {
  const chain: LogFields[] = [];
  for (let e: unknown = error, i = 0; e && i < 5; i++) {
    const err = e as { name?: string; message?: string; code?: unknown; retriable?: unknown; cause?: unknown };
    chain.push({ name: err.name, message: err.message ?? String(e), code: err.code, retriable: err.retriable });
    e = err.cause;
  }
  return { error: chain[0], causes: chain.slice(1) };
}

/** A namespaced child of the root logger (`"logger": name` on every line). */
export function createLogger(name: string, parent: PinoLogger = rootLogger()): Log {
  const child = parent.child({ logger: name });
  return {
    debug: (msg, fields) => child.debug(fields ?? {}, msg),
    info: (msg, fields) => child.info(fields ?? {}, msg),
    warn: (msg, fields) => child.warn(fields ?? {}, msg),
    error: (msg, fields) => child.error(fields ?? {}, msg),
  };
}
