import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { TOKEN_TABLE, type TokenTable } from '@riposte/bus';
import { IngestConfig } from '../env';
import { RequestGate } from './request-gate';

type Next = (error?: unknown) => void;

/**
 * Reads the whole `POST /alerts` body as text into `req.body`, up to `limit` bytes (413 beyond).
 *
 * Why not Nest's body parser (off: `bodyParser: false`): it parses `application/json` itself, so NDJSON sent as
 * JSON and bad JSON would be answered 400 before our code could dead-letter them, and its 100 KiB limit is too
 * small for a batch of alerts.
 */
/** Decodes the body strictly: bytes that are not UTF-8 are refused (400), never turned into U+FFFD and published. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(JSON.stringify({ statusCode: status, message }));
}

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
      answer(res, 413, `body over INGEST_MAX_BODY_BYTES (${limit} bytes)`, { Connection: 'close' });
    });
    req.on('end', () => {
      if (failed) return;
      try {
        req.body = utf8.decode(Buffer.concat(chunks));
      } catch {
        return answer(res, 400, 'body is not valid UTF-8');
      }
      next();
    });
    req.on('error', (e) => (failed ? undefined : next(e)));
  };
}

/**
 * `readRawBody` as the Nest middleware of `POST /alerts` (the app boots with `bodyParser: false`). Middleware runs
 * before guards: a request without a known token is passed on unread, so `TokenGuard` answers 401 without the
 * service buffering up to INGEST_MAX_BODY_BYTES for a stranger. At most INGEST_MAX_CONCURRENT authenticated
 * requests are read and published at once; one more is answered 429 with `Retry-After` before its body is read,
 * so the bodies in memory never pass INGEST_MAX_CONCURRENT × INGEST_MAX_BODY_BYTES.
 */
@Injectable()
export class RawAlertsBodyMiddleware implements NestMiddleware {
  private readonly read: ReturnType<typeof readRawBody>;
  private readonly retryAfter: string;

  constructor(
    config: IngestConfig,
    @Inject(TOKEN_TABLE) private readonly tokens: TokenTable,
    private readonly gate: RequestGate,
  ) {
    this.read = readRawBody(config.get('INGEST_MAX_BODY_BYTES'));
    this.retryAfter = String(config.get('INGEST_RETRY_AFTER_S'));
  }

  use(req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match || !this.tokens.lookup(match[1])) return next();
    if (!this.gate.tryEnter()) {
      return answer(res, 429, `more than INGEST_MAX_CONCURRENT (${this.gate.max}) requests at once; retry after ${this.retryAfter} s`, { 'Retry-After': this.retryAfter, Connection: 'close' });
    }
    // 'close' comes once, when the answer is sent or the client went away, whichever is first.
    res.once('close', () => this.gate.leave());
    this.read(req, res, next);
  }
}
