import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createLogger, errorFields, type Log } from './json-logger';

export interface PolicyFileWatcherOptions {
  /** The file to watch (ossec.conf). */
  readonly file: string;
  /** How often the file is also re-read, ms: fs.watch misses changes on some file systems (network mounts). */
  readonly pollMs: number;
  /**
   * Called with the file's new content, whenever it differs from the last content seen (so one bad file is
   * judged once); awaited, one call at a time. It takes or rejects the new policy and says so itself.
   */
  readonly onChange: (text: string) => Promise<void> | void;
  /** Quiet time after a change event before the file is read: editors write in several steps. @defaultValue 100 */
  readonly settleMs?: number;
  readonly log?: Log;
}

/**
 * Watches a policy file and hands each new content to `onChange`: fs.watch on the folder (it survives the
 * rename an atomic write does) plus a poll. A file that cannot be read (mid-replacement, deleted) is reported
 * once and the current policy stays. Timers are unref'd: the watcher never keeps the process alive.
 */
export class PolicyFileWatcher {
  private readonly log: Log;
  private lastText?: string;
  private readFailing = false;
  private watcher?: FSWatcher;
  private poll?: NodeJS.Timeout;
  private settle?: NodeJS.Timeout;
  private checks: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: PolicyFileWatcherOptions) {
    this.log = opts.log ?? createLogger('PolicyFileWatcher');
  }

  /** Starts watching; `loadedText` is the content the policy in force was read from. */
  start(loadedText: string): void {
    this.lastText = loadedText;
    const { file } = this.opts;
    try {
      // The folder, not the file: an atomic write (write temp, rename) replaces the inode a file watch holds.
      this.watcher = watch(path.dirname(file), { persistent: false }, () => this.scheduleCheck());
      this.watcher.on('error', (error) => this.log.warn('fs.watch failed; polling only', { source: file, ...errorFields(error) }));
    } catch (error) {
      this.log.warn('fs.watch unavailable; polling only', { source: file, ...errorFields(error) });
    }
    this.poll = setInterval(() => this.checkInBackground(), this.opts.pollMs);
    this.poll.unref();
  }

  /** Re-reads the file now (what the watch and the poll call); checks run one at a time. */
  check(): Promise<void> {
    const next = this.checks.then(() => this.read());
    this.checks = next.catch(() => undefined);
    return next;
  }

  stop(): void {
    this.watcher?.close();
    clearInterval(this.poll);
    clearTimeout(this.settle);
  }

  private scheduleCheck(): void {
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.checkInBackground(), this.opts.settleMs ?? 100);
    this.settle.unref();
  }

  private checkInBackground(): void {
    // onChange handles its own failures; anything else is a bug, logged rather than left unhandled.
    this.check().catch((error: unknown) => this.log.error('policy check crashed', { source: this.opts.file, ...errorFields(error) }));
  }

  private async read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.opts.file, 'utf8');
      this.readFailing = false;
    } catch (error) {
      if (!this.readFailing) this.log.warn('cannot read the policy file; keeping the current policy', { source: this.opts.file, ...errorFields(error) });
      this.readFailing = true;
      return;
    }
    if (text === this.lastText) return;
    this.lastText = text;
    await this.opts.onChange(text);
  }
}
