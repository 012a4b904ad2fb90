import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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
