import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ContractViolationError, DependencyUnavailableError } from '@riposte/contracts';

/** The replay port `verifyCommand` asks (`seen`) and the executor feeds after accepting a command. */
export interface ReplayMemory {
  /** True when a command with this message id was accepted and is still remembered. */
  has(messageId: string): boolean;
  /** Remembers the id until `until` (epoch ms, `rememberUntil` of the verification). */
  remember(messageId: string, until: number, now: number): void;
}

export interface FileReplayMemoryOptions {
  /** The file is never compacted below this many lines (compaction is pointless for a handful). @defaultValue 1024 */
  readonly minCompactLines?: number;
}

/** What a message id may be to fit on one `<id> <until>` line. */
const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
const LINE = /^([\x21-\x7e]{1,256}) (\d{1,16})$/;

/**
 * The message ids an executor accepted, kept across restarts so a command replayed onto its topic (or redelivered
 * after a restart) is refused as `replayed` until it would be refused as expired anyway.
 *
 * An append-only file of `<messageId> <until>` lines; a map in memory answers {@link has} in O(1). Each
 * {@link remember} appends one line with one write (in the OS before it returns, so it survives a SIGKILL);
 * {@link sync} puts it on the disk, to be awaited before the offset commit like the executor state. Expired entries
 * are dropped when the file is opened and whenever it has doubled since the last compaction (atomically: temp file,
 * fsync, rename, fsync of the folder), so its size stays proportional to the live entries. An unterminated last
 * line (a crash during the append) is ignored and dropped at the compaction that opening always does then.
 */
export class FileReplayMemory implements ReplayMemory {
  private readonly entries = new Map<string, number>();
  private fd = -1;
  private lines = 0;
  private compactAt = 0;
  private unsynced = false;
  private readonly minCompactLines: number;

  private constructor(
    readonly file: string,
    options: FileReplayMemoryOptions,
  ) {
    this.minCompactLines = options.minCompactLines ?? 1024;
  }

  /** Loads the file (absent = empty), drops what expired by `now`, and opens it for appending. */
  static open(file: string, now: number, options: FileReplayMemoryOptions = {}): FileReplayMemory {
    const memory = new FileReplayMemory(file, options);
    memory.load(now);
    return memory;
  }

  has(messageId: string): boolean {
    return this.entries.has(messageId);
  }

  remember(messageId: string, until: number, now: number): void {
    if (!MESSAGE_ID.test(messageId)) throw new ContractViolationError(`message id ${JSON.stringify(messageId)} cannot be remembered (1-256 printable characters, no space)`);
    if (!Number.isSafeInteger(until) || until < 0) throw new ContractViolationError(`remember until ${until}: not epoch milliseconds`);
    if ((this.entries.get(messageId) ?? -1) >= until) return;
    this.write(`${messageId} ${until}\n`);
    this.entries.set(messageId, until);
    this.lines++;
    if (this.lines >= this.compactAt) this.compact(now);
  }

  /** Resolves once every remembered id is on the disk; nothing to do when none was written since the last sync. */
  async sync(): Promise<void> {
    if (!this.unsynced) return;
    const fd = this.fd;
    try {
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
    } catch (cause) {
      throw new DependencyUnavailableError(`cannot sync the replay memory '${this.file}'`, { cause });
    }
    this.unsynced = false;
  }

  /** Live entries in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Lines in the file. */
  get fileLines(): number {
    return this.lines;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private load(now: number): void {
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read the replay memory '${this.file}'`, { cause: error });
    }
    const lines = text.split('\n');
    const torn = lines.pop() !== '';
    lines.forEach((line, i) => {
      const m = LINE.exec(line);
      if (!m) throw new ConfigError(`the replay memory '${this.file}' is not valid at line ${i + 1}; move it away to start without it`);
      const until = Number(m[2]);
      if (until > (this.entries.get(m[1]) ?? -1)) this.entries.set(m[1], until);
    });
    this.lines = lines.length;
    if (torn || this.dropExpired(now) || this.lines > this.entries.size) this.rewrite();
    else this.openForAppend();
    this.compactAt = Math.max(2 * this.entries.size, this.minCompactLines);
  }

  private dropExpired(now: number): boolean {
    const before = this.entries.size;
    for (const [id, until] of this.entries) if (until < now) this.entries.delete(id);
    return this.entries.size !== before;
  }

  private compact(now: number): void {
    this.dropExpired(now);
    this.rewrite();
    this.compactAt = Math.max(2 * this.entries.size, this.minCompactLines);
  }

  /** Replaces the file by the live entries, atomically and durably, and reopens it for appending. */
  private rewrite(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      let text = '';
      for (const [id, until] of this.entries) text += `${id} ${until}\n`;
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      const dir = fs.openSync(path.dirname(this.file), 'r');
      try {
        fs.fsyncSync(dir); // the rename itself must survive a power cut
      } finally {
        fs.closeSync(dir);
      }
    } catch (cause) {
      throw new DependencyUnavailableError(`cannot compact the replay memory '${this.file}'`, { cause });
    }
    this.lines = this.entries.size;
    this.unsynced = false;
    this.close();
    this.openForAppend();
  }

  private openForAppend(): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, 'a', 0o600);
    } catch (cause) {
      throw new ConfigError(`cannot open the replay memory '${this.file}'`, { cause });
    }
  }

  private write(line: string): void {
    const bytes = Buffer.from(line, 'latin1');
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at);
    } catch (cause) {
      // Retriable: the command is redelivered rather than committed while its id is unwritten.
      throw new DependencyUnavailableError(`cannot write the replay memory '${this.file}'`, { cause });
    }
    this.unsynced = true;
  }
}
