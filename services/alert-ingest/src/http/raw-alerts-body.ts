import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { TOKEN_TABLE, type TokenTable } from '@riposte/bus';
import { IngestConfig } from '../env';

type Next = (error?: unknown) => void;

/**
 * Reads the whole `POST /alerts` body as text into `req.body`, up to `limit` bytes (413 beyond).
 *
 * Why not Nest's body parser (off: `bodyParser: false`): it parses `application/json` itself, so NDJSON sent as
 * JSON and bad JSON would be answered 400 before our code could dead-letter them, and its 100 KiB limit is too
 * small for a batch of alerts.
 */
export function readRawBody(limit: number) {
  return (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next): void => {
    if (req.method !== 'POST') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      failed = true;
      res.statusCode = 413;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Connection', 'close');
      res.end(JSON.stringify({ statusCode: 413, message: `body over INGEST_MAX_BODY_BYTES (${limit} bytes)` }));
    });
    req.on('end', () => {
      if (failed) return;
      req.body = Buffer.concat(chunks).toString('utf8');
      next();
    });
    req.on('error', (e) => (failed ? undefined : next(e)));
  };
}

/**
 * `readRawBody` as the Nest middleware of `POST /alerts` (the app boots with `bodyParser: false`). Middleware runs
 * before guards: a request without a known token is passed on unread, so `TokenGuard` answers 401 without the
 * service buffering up to INGEST_MAX_BODY_BYTES for a stranger.
 */
@Injectable()
export class RawAlertsBodyMiddleware implements NestMiddleware {
  private readonly read: ReturnType<typeof readRawBody>;

  constructor(
    config: IngestConfig,
    @Inject(TOKEN_TABLE) private readonly tokens: TokenTable,
  ) {
    this.read = readRawBody(config.get('INGEST_MAX_BODY_BYTES'));
  }

  use(req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match || !this.tokens.lookup(match[1])) return next();
    this.read(req, res, next);
  }
}
