import { createHash } from 'node:crypto';

/**
 * The Redis keys of alert-ingest, built only here (`<prefix>:<area>:<type>[:<id>]`, as `StoreKeys` in
 * `@riposte/store` builds the others). Meant to move into `StoreKeys` once that class settles.
 */
export class IngestKeys {
  /** @param prefix env `RIPOSTE_REDIS_PREFIX`; letters, digits and `_ - . { }`. @defaultValue `riposte` */
  constructor(readonly prefix: string = 'riposte') {
    if (!/^[A-Za-z0-9_{}.-]+$/.test(prefix)) throw new Error(`invalid Redis key prefix '${prefix}'`);
  }

  /** HASH of the durable read position in one tailed file; the path is hashed (any characters, fixed length). */
  filePosition(path: string): string {
    return `${this.prefix}:ingest:file:${createHash('sha1').update(path).digest('hex')}`;
  }
}
