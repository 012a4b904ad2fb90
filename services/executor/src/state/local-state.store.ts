import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, DependencyUnavailableError } from '@riposte/contracts';
import { liveRecord, type ActiveKey, type KeyRecord, type StateReader } from './executor-state';
import { LEGACY_STATE_FILE, readLegacyState } from './legacy-state';
import { parseStateLog, recordLine, removalLine, STATE_LOG_HEADER } from './state-log';

/** Where the durable state lives under the executor's home: an append-only log of per-rkey records. */
export const STATE_LOG = path.join('var', 'riposte-state.log');

export interface LocalStateStoreOptions {
  /** The log is never compacted below this size (compaction is pointless for a handful of keys). @defaultValue 1 MiB */
  readonly minCompactBytes?: number;
  /** How long a count migrated from the old file lives after its block ends, ms; null: never. @defaultValue null */
  readonly offenderWindowMs?: number | null;
}

/** One rkey in memory: its line as written in the log (compaction copies it as it is) and what is read without parsing. */
interface Stored {
  readonly line: string;
  readonly bytes: number;
  readonly active: boolean;
  /** The offender count's expiry, when the record holds one that can expire. */
  readonly until?: number;
}

/**
 * The executor's active keys and repeated-offender counts on local disk (deviation b), one record per rkey.
 *
 * An append-only log: each {@link put} appends one line holding that rkey's whole record (one write, in the OS before
 * it returns, so it survives a SIGKILL), so a command costs the same with 10 or 10,000 keys active. The fsync is
 * paid once per Kafka offset commit in {@link sync}, which the consumer host awaits after publishing the outputs and
 * BEFORE committing: a change is on the disk itself before the offset of the message that caused it is committed.
 * A power cut between a put and the next commit can lose that change, but then its message is redelivered
 * (at-least-once), as with a crash before the put. An unterminated last line (a crash inside the append) is ignored.
 *
 * When the log has grown to twice the live records (and past `minCompactBytes`) it is rewritten with one line per
 * rkey — temp file, fsync, rename, fsync of the folder — so its size, and the cost of a compaction spread over the
 * appends that made it due, stay proportional to the live keys. Expired offender counts are dropped then and at
 * {@link prune}. The single-file state of earlier versions (`var/riposte-state.json`) is migrated at {@link load}.
 */
export class LocalStateStore implements StateReader {
  readonly file: string;
  private readonly records = new Map<string, Stored>();
  private fd = -1;
  private fileBytes = 0;
  private liveBytes = 0;
  private activeKeys = 0;
  private unsynced = false;
  /** A failed append may have left half a line: the next put rewrites the log first. */
  private broken = false;
  private syncing?: Promise<void>;
  /** Descriptors replaced by a compaction while an fsync on them was running: closed once it ends. */
  private retired: number[] = [];
  private readonly minCompactBytes: number;

  constructor(
    readonly home: string,
    private readonly options: LocalStateStoreOptions = {},
  ) {
    this.file = path.join(home, STATE_LOG);
    this.minCompactBytes = options.minCompactBytes ?? 1024 * 1024;
  }

  /**
   * Reads the log (absent: the old single file, migrated, or else an empty state), drops what expired by `now`, and
   * opens it for appending. A log or old file we cannot read stops the boot: forgetting blocks is worse.
   */
  load(now: number): void {
    this.records.clear();
    this.liveBytes = this.activeKeys = 0;
    let text: string | undefined;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read the executor state '${this.file}'`, { cause: error });
    }
    const legacy = path.join(this.home, LEGACY_STATE_FILE);
    if (text !== undefined) {
      const parsed = parseStateLog(text, this.file);
      for (const [rkey, record] of parsed.records) this.keep(rkey, liveRecord(record, now));
      this.fileBytes = Buffer.byteLength(text);
      // The log is written atomically, so an old file beside it was migrated already (a crash before its removal).
      if (parsed.torn || text === '' || parsed.lines > this.records.size) this.rewrite();
      else this.openForAppend();
    } else {
      const old = readLegacyState(legacy, now, this.options.offenderWindowMs ?? null);
      for (const [rkey, record] of old ?? []) this.keep(rkey, record);
      this.rewrite();
    }
    removeDurably(legacy);
  }

  /** What the table holds for `rkey` (expired counts included: the decisions check the expiry with their `now`). */
  get(rkey: string): KeyRecord | undefined {
    const stored = this.records.get(rkey);
    return stored && (JSON.parse(stored.line) as { r: KeyRecord }).r;
  }

  /** How many rkeys have a pending undo. */
  get activeCount(): number {
    return this.activeKeys;
  }

  /** Every pending undo (a reconciliation re-announces them); parsed one by one, as iterated. */
  *active(): IterableIterator<[string, ActiveKey]> {
    for (const [rkey, stored] of this.records) if (stored.active) yield [rkey, (JSON.parse(stored.line) as { r: { active: ActiveKey } }).r.active];
  }

  /**
   * Makes `record` the rkey's record (undefined: forget the rkey); in the OS when it returns (see {@link sync} for
   * the disk). Throws a retriable DependencyUnavailableError, the table unchanged, when the log cannot be written.
   */
  put(rkey: string, record: KeyRecord | undefined): void {
    if (record === undefined && !this.records.has(rkey)) return;
    if (this.broken) this.rewrite();
    const line = record === undefined ? removalLine(rkey) : recordLine(rkey, record);
    this.append(line);
    this.keep(rkey, record, line);
    if (this.fileBytes > Math.max(this.minCompactBytes, 2 * this.liveBytes)) this.rewrite();
  }

  /** Forgets the offender-only records whose count expired by `now` (a compaction or a restart drops them from the file). */
  prune(now: number): number {
    let dropped = 0;
    for (const [rkey, stored] of this.records) {
      if (stored.active || stored.until === undefined || stored.until >= now) continue;
      this.keep(rkey, undefined);
      dropped++;
    }
    return dropped;
  }

  /**
   * Resolves once every put so far is on the disk (fdatasync of the log); nothing to do when none wrote since the
   * last sync. Await it before committing the offsets of the messages that wrote.
   */
  async sync(): Promise<void> {
    while (this.syncing) await this.syncing.catch(() => undefined);
    if (!this.unsynced) return;
    const fd = this.fd;
    this.unsynced = false;
    this.syncing = new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
    try {
      await this.syncing;
    } catch (cause) {
      this.unsynced = true;
      throw new DependencyUnavailableError(`cannot sync the executor state '${this.file}'`, { cause });
    } finally {
      this.syncing = undefined;
      this.retired.splice(0).forEach((old) => fs.close(old, () => undefined));
    }
  }

  /** Log size in bytes (tests, metrics). */
  get logBytes(): number {
    return this.fileBytes;
  }

  close(): void {
    if (this.fd >= 0 && !this.syncing) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private keep(rkey: string, record: KeyRecord | undefined, line?: string): void {
    const before = this.records.get(rkey);
    if (before) {
      this.liveBytes -= before.bytes;
      if (before.active) this.activeKeys--;
      this.records.delete(rkey);
    }
    if (record === undefined || (record.active === undefined && record.offender === undefined)) return;
    const text = line ?? recordLine(rkey, record);
    const stored: Stored = { line: text, bytes: Buffer.byteLength(text), active: record.active !== undefined, ...(record.offender?.until !== undefined && { until: record.offender.until }) };
    this.records.set(rkey, stored);
    this.liveBytes += stored.bytes;
    if (stored.active) this.activeKeys++;
  }

  private append(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at);
    } catch (cause) {
      this.broken = true;
      // Retriable: the command is redelivered rather than committed with its state unwritten.
      throw new DependencyUnavailableError(`cannot write the executor state '${this.file}'`, { cause });
    }
    this.fileBytes += bytes.length;
    this.unsynced = true;
  }

  /** Replaces the log by one line per live record, atomically and durably, and reopens it for appending. */
  private rewrite(): void {
    const dir = path.dirname(this.file);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(dir, { recursive: true });
      const fd = fs.openSync(tmp, 'w', 0o600);
      let bytes = 0;
      try {
        const chunks = [STATE_LOG_HEADER];
        for (const stored of this.records.values()) chunks.push(stored.line);
        // One write per ~1 MiB: a single string of every record could exceed what V8 allows.
        for (let i = 0; i < chunks.length; ) {
          let text = '';
          while (i < chunks.length && text.length < 1 << 20) text += chunks[i++];
          const buf = Buffer.from(text, 'utf8');
          for (let at = 0; at < buf.length; ) at += fs.writeSync(fd, buf, at);
          bytes += buf.length;
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      syncFolder(dir); // the rename itself must survive a power cut
      this.fileBytes = bytes;
    } catch (cause) {
      throw new DependencyUnavailableError(`cannot compact the executor state '${this.file}'`, { cause });
    }
    if (this.fd >= 0) {
      if (this.syncing) this.retired.push(this.fd);
      else fs.closeSync(this.fd);
    }
    this.fd = -1;
    this.broken = false;
    this.unsynced = false;
    this.openForAppend();
  }

  private openForAppend(): void {
    try {
      this.fd = fs.openSync(this.file, 'a', 0o600);
    } catch (cause) {
      throw new ConfigError(`cannot open the executor state '${this.file}'`, { cause });
    }
  }
}

function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes a file if it is there, and makes the removal durable. */
function removeDurably(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError(`cannot remove the migrated executor state '${file}'`, { cause: error });
  }
  syncFolder(path.dirname(file));
}
