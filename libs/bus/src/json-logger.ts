/**
 * Structured JSON logs at the edges: one line per event on stderr, `{"level","time","logger","msg",…fields}`.
 * `LOG_LEVEL` = debug | info | warn | error | silent (default info; tests default to silent unless set).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Log {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function threshold(): number {
  const env = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  return ORDER[env as LogLevel] ?? ORDER.info;
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

export function createLogger(name: string, write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  const min = threshold();
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    write(JSON.stringify({ level, time: new Date().toISOString(), logger: name, msg, ...fields }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
