import 'reflect-metadata';
import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@riposte/contracts';
import { createLogger, errorFields } from './json-logger';
import { SERVING_TLS } from './health.controller';
import { PinoNestLogger } from './nest-logger';
import type { TlsFiles } from './tls-files';

/** Says to every module (`/health`) whether the listener serves TLS. */
@Global()
@Module({})
class ListenerModule {
  static forRoot(tls: boolean): DynamicModule {
    return { module: ListenerModule, providers: [{ provide: SERVING_TLS, useValue: tls }], exports: [SERVING_TLS] };
  }
}

/** The service's module under a root that also provides {@link SERVING_TLS}. */
@Module({})
class ServiceRoot {
  static wrap(module: unknown, tls: boolean): DynamicModule {
    return { module: ServiceRoot, imports: [module as DynamicModule, ListenerModule.forRoot(tls)] };
  }
}

/**
 * Boots a service: JSON logs (Nest's through the pino root logger of `createLogger`), shutdown hooks (SIGTERM/SIGINT
 * stop consumers, then the producer), and an HTTP listener when `port` is given (health, metrics, APIs). `main.ts`
 * is this one call. With `tls` (the `<PREFIX>_TLS_CERT_FILE`/`_KEY_FILE` of `tlsFromEnv`) the listener is HTTPS.
 */
export async function runService(
  module: unknown,
  opts: {
    port?: number;
    host?: string;
    name?: string;
    /** false: the service reads request bodies itself. @defaultValue true */
    bodyParser?: boolean;
    /** Serve HTTPS with this certificate and key. */
    tls?: TlsFiles;
  } = {},
): Promise<INestApplicationContext> {
  const logger = new PinoNestLogger();
  const name = opts.name ?? process.env.RIPOSTE_SERVICE_NAME ?? 'service';
  if (opts.port !== undefined) {
    const tls = opts.tls;
    const app = await NestFactory.create(ServiceRoot.wrap(module, tls !== undefined), {
      logger,
      bufferLogs: false,
      bodyParser: opts.bodyParser ?? true,
      ...(tls && { httpsOptions: { cert: tls.cert, key: tls.key } }),
    });
    app.enableShutdownHooks();
    await app.listen(opts.port, opts.host ?? '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number } | string | null;
    const port = typeof address === 'object' && address ? address.port : opts.port;
    // Tests and `npm start` wait for this line.
    logger.log(`service started: ${name} on ${opts.host ?? '127.0.0.1'}:${port}${tls ? ' (https)' : ''}`, 'runService');
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
