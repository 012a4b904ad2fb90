/**
 * Nest's `LoggerService` over the pino root logger: Nest's own lines and every `new Logger(ctx)` in the services
 * come out in the same format and level table as `createLogger(ns)`. The Nest context becomes the `logger` field;
 * an object message (`log.warn({ msg, ...fields })`) becomes top-level fields.
 */
import type { LoggerService } from '@nestjs/common';
import type pino from 'pino';
import { errorFields, rootLogger } from './json-logger';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export class PinoNestLogger implements LoggerService {
  private readonly children = new Map<string, pino.Logger>();

  constructor(private readonly root: pino.Logger = rootLogger()) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /** Nest passes `(message, ...extra, context)`; for errors the extra is the stack (ConsoleLogger's reading). */
  private write(level: Level, message: unknown, params: unknown[], withStack = false): void {
    const last = params[params.length - 1];
    const context = params.length > 0 && typeof last === 'string' ? last : undefined;
    const extra = context === undefined ? params : params.slice(0, -1);
    const log = this.child(context);
    if (!log.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (withStack && typeof extra[0] === 'string') fields.stack = extra[0];
    if (message instanceof Error) {
      log[level]({ ...errorFields(message), stack: message.stack, ...fields }, message.message);
    } else if (message !== null && typeof message === 'object') {
      const { msg, ...rest } = message as Record<string, unknown>;
      log[level]({ ...rest, ...fields }, typeof msg === 'string' ? msg : '');
    } else {
      log[level](fields, String(message));
    }
  }

  private child(context: string | undefined): pino.Logger {
    if (context === undefined) return this.root;
    let child = this.children.get(context);
    if (!child) this.children.set(context, (child = this.root.child({ logger: context })));
    return child;
  }
}
