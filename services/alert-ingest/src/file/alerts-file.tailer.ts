import { open, stat, type FileHandle } from 'node:fs/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { errorFields } from '@riposte/bus';
import { IngestConfig } from '../env';
import { MAX_RAW_BYTES, normalizeRawAlert } from '../normalize/normalize-raw-alert';
import { AlertPublisher, type IngestItem } from '../publish/alert-publisher';
import { FilePositionStore } from './file-position.store';
import { NO_FILE, startPosition } from './start-position';
import { wholeLines, type Line } from './whole-lines';

/** Bytes read (and so published, in one send) at a time. A line longer than this is over MAX_RAW_BYTES anyway. */
export const READ_CHUNK_BYTES = MAX_RAW_BYTES;

interface OpenFile {
  readonly handle: FileHandle;
  /** `dev:ino` of the open file. */
  readonly identity: string;
  /** Just after the last published line. */
  position: number;
  /** The position last saved in Redis. */
  committed: number;
  /** The path now names another file (or none): finish this one at the next tick, then close it. */
  rotated: boolean;
}

/** Where the file input stands, for `GET /health`. */
export interface TailerStatus {
  readonly path: string | null;
  readonly identity?: string;
  readonly position?: number;
  readonly failing: boolean;
}

/**
 * Tails Wazuh's `alerts.json` (env ALERTS_JSON_PATH): publishes each complete line, then saves the position in
 * Redis (at-least-once). Copes with rotation (the path names a new inode: finish the old file, then read the new
 * one from 0) and truncation (the file is shorter than the position: from 0). Owns its timer: one tick at a time,
 * the next one INGEST_POLL_MS after the last ends; stopped on shutdown before the producer disconnects.
 */
@Injectable()
export class AlertsFileTailer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(AlertsFileTailer.name);
  private readonly path?: string;
  private readonly pollMs: number;
  private readonly startAt: 'end' | 'beginning';
  private file?: OpenFile;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private failing = false;

  constructor(
    config: IngestConfig,
    private readonly positions: FilePositionStore,
    private readonly publisher: AlertPublisher,
  ) {
    this.path = config.get('ALERTS_JSON_PATH');
    this.pollMs = config.get('INGEST_POLL_MS');
    this.startAt = config.get('INGEST_FILE_START');
  }

  onApplicationBootstrap(): void {
    if (this.path) this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.file?.handle.close();
    this.file = undefined;
  }

  status(): TailerStatus {
    return { path: this.path ?? null, identity: this.file?.identity, position: this.file?.position, failing: this.failing };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        this.schedule(this.pollMs);
      });
    }, delayMs);
  }

  /** One pass. Never throws: a failure (Kafka, Redis, the file) is logged once and the next tick tries again. */
  private async tick(): Promise<void> {
    try {
      await this.step(this.path!);
      if (this.failing) this.log.log({ msg: 'file input recovered', path: this.path });
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.warn({ msg: 'file input failed; retrying', path: this.path, ...errorFields(error) });
      this.failing = true;
    }
  }

  private async step(path: string): Promise<void> {
    const file = this.file ?? (this.file = await this.open(path));
    if (!file) return;
    await this.drain(path, file);
    if (file.rotated) return this.finishRotated(path, file);
    file.rotated = await this.isRotated(path, file);
  }

  private async open(path: string): Promise<OpenFile | undefined> {
    const saved = await this.positions.load(path);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // Remember that there was no file, so that the file, once created, is read from its start.
      if (!saved) await this.positions.save(path, { identity: NO_FILE, position: 0 });
      return undefined;
    }
    try {
      const st = await handle.stat({ bigint: true });
      const identity = `${st.dev}:${st.ino}`;
      const start = startPosition(saved, { identity, size: Number(st.size) }, this.startAt);
      const file: OpenFile = { handle, identity, position: start.position, committed: -1, rotated: false };
      await this.commit(path, file);
      this.log.log({ msg: 'tailing file', path, position: start.position, reason: start.reason });
      return file;
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Publishes every complete line after the position, one chunk (one send) at a time, saving the position after each. */
  private async drain(path: string, file: OpenFile): Promise<void> {
    while (!this.stopped) {
      if (file.committed !== file.position) await this.commit(path, file);
      const size = (await file.handle.stat()).size;
      if (size < file.position) {
        this.log.warn({ msg: 'file truncated; reading from its start', path, position: file.position, size });
        file.position = 0;
        continue;
      }
      if (size === file.position) return;
      const chunk = await this.read(file.handle, file.position, Math.min(READ_CHUNK_BYTES, size - file.position));
      const { lines, consumed } = wholeLines(chunk, file.position);
      if (consumed === 0) {
        // No line break in a full chunk: a line too long to be an alert. Otherwise a line still being written.
        if (chunk.length === READ_CHUNK_BYTES && (await this.skipLongLine(path, file, chunk, size))) continue;
        return;
      }
      await this.publisher.publish('file', lines.map((line) => this.item(path, line)));
      file.position += consumed;
      await this.commit(path, file);
    }
  }

  /** Dead-letters the head of an over-long line once its end is written; false while it is not. */
  private async skipLongLine(path: string, file: OpenFile, head: Buffer, size: number): Promise<boolean> {
    for (let at = file.position + head.length; at < size; at += READ_CHUNK_BYTES) {
      const chunk = await this.read(file.handle, at, Math.min(READ_CHUNK_BYTES, size - at));
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) continue;
      const end = at + nl + 1;
      const reason = `oversized: line of ${end - 1 - file.position} bytes, over the ${MAX_RAW_BYTES}-byte input limit`;
      await this.publisher.publish('file', [{ raw: head, result: { ok: false, reason }, origin: { input: 'file', path, offset: file.position } }]);
      file.position = end;
      await this.commit(path, file);
      return true;
    }
    return false;
  }

  /** The path names another file now: publish what the writer still added to the old one, then let it go. */
  private async finishRotated(path: string, file: OpenFile): Promise<void> {
    const size = (await file.handle.stat()).size;
    if (size > file.position) {
      // Wazuh ends every alert with a line break: bytes after the last one were never completed.
      const rest = await this.read(file.handle, file.position, Math.min(READ_CHUNK_BYTES, size - file.position));
      const reason = 'incomplete last line of a rotated file';
      await this.publisher.publish('file', [{ raw: rest, result: { ok: false, reason }, origin: { input: 'file', path, offset: file.position } }]);
    }
    await file.handle.close();
    this.file = undefined;
    this.log.log({ msg: 'file rotated; reading the new one from its start', path, previous: file.identity });
  }

  private async isRotated(path: string, file: OpenFile): Promise<boolean> {
    try {
      const st = await stat(path, { bigint: true });
      return `${st.dev}:${st.ino}` !== file.identity;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw e;
    }
  }

  private item(path: string, line: Line): IngestItem {
    return { raw: line.text, result: normalizeRawAlert(line.text), origin: { input: 'file', path, offset: line.offset } };
  }

  private async read(handle: FileHandle, position: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  }

  private async commit(path: string, file: OpenFile): Promise<void> {
    await this.positions.save(path, { identity: file.identity, position: file.position });
    file.committed = file.position;
  }
}
