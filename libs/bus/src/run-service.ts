import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@riposte/contracts';
import { createLogger, errorFields } from './json-logger';
import { PinoNestLogger } from './nest-logger';

/**
 * Boots a service: JSON logs (Nest's through the pino root logger of `createLogger`), shutdown hooks (SIGTERM/SIGINT
 * stop consumers, then the producer), and an HTTP listener when `port` is given (health, metrics, APIs). `main.ts`
 * is this one call.
 */
export async function runService(
  module: unknown,
  opts: { port?: number; host?: string; name?: string; /** false: the service reads request bodies itself. @defaultValue true */ bodyParser?: boolean } = {},
): Promise<INestApplicationContext> {
  const logger = new PinoNestLogger();
  const name = opts.name ?? process.env.RIPOSTE_SERVICE_NAME ?? 'service';
  if (opts.port !== undefined) {
    const app = await NestFactory.create(module as never, { logger, bufferLogs: false, bodyParser: opts.bodyParser ?? true });
    app.enableShutdownHooks();
    await app.listen(opts.port, opts.host ?? '127.0.0.1');
    // Tests and `npm start` wait for this line.
    logger.log(`service started: ${name} on ${opts.host ?? '127.0.0.1'}:${opts.port}`, 'runService');
    return app;
  }
  const ctx = await NestFactory.createApplicationContext(module as never, { logger });
  ctx.enableShutdownHooks();
  logger.log(`service started: ${name}`, 'runService');
  return ctx;
}

/** sysexits.h EX_CONFIG: the process exits with it when its configuration cannot be used. */
export const EX_CONFIG = 78;

/**
 * The whole of a `main.ts`: runs `start` (validate the environment once, then `runService`); a failure is logged
 * once, here, and ends the process — with EX_CONFIG (78) when it is a ConfigError (bad environment or ossec.conf),
 * 1 otherwise. Open Kafka/Redis connections would otherwise keep a failed boot alive.
 */
export function runMain(name: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    createLogger(name).error('failed to start', errorFields(error));
    process.exit(isConfigError(error) ? EX_CONFIG : 1);
  });
}

function isConfigError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; depth++) {
    if (e instanceof ConfigError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
