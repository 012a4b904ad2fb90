import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ArMessageV1, ConfigError, DependencyUnavailableError } from '@riposte/contracts';
import { EMPTY_STATE, type ExecutorState } from './executor-state';

/** Where the durable state lives under the executor's home. */
export const STATE_FILE = path.join('var', 'riposte-state.json');

const ActiveKeySchema = z.object({
  arName: z.string(),
  program: z.string(),
  deleteMessage: ArMessageV1.ArMessageSchema,
  legacyArgs: z.array(z.string()).optional(),
  keys: z.array(z.string()),
  addedAt: z.number().int().nonnegative(),
  timeoutSeconds: z.number().int().positive(),
});

const StateFileSchema = z.object({
  version: z.literal(1),
  active: z.record(ActiveKeySchema),
  offenders: z.record(z.number().int().nonnegative()),
});

/**
 * The executor's active keys and repeated-offender counts on local disk (deviation b).
 *
 * Durability is a group commit. Every change is written atomically — temp file, rename — before `save` resolves,
 * so before the handler returns: the new file is in the OS and survives a SIGKILL of the process, and a crash
 * leaves either the old or the new file, never half. The fsyncs (file, then folder for the rename) are paid once
 * per Kafka offset commit in {@link sync}, which the consumer host awaits after publishing the outputs and BEFORE
 * committing: a change is on the disk itself before the offset of the message that caused it is committed. A
 * power cut between a save and the next commit can lose that change, but then its message's offset is not
 * committed either and the command is redelivered (at-least-once), as with a crash before the save.
 * A save of the state already current writes nothing.
 */
export class LocalStateStore {
  readonly file: string;
  private state: ExecutorState = EMPTY_STATE;
  private writing: Promise<void> = Promise.resolve();
  /** The text of the last file written or read. */
  private written?: string;
  /** A rename since the last fsync. */
  private unsynced = false;

  constructor(home: string) {
    this.file = path.join(home, STATE_FILE);
  }

  /** Reads the file (an absent file is an empty state). A file we cannot read stops the boot: forgetting blocks is worse. */
  load(): ExecutorState {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.state = EMPTY_STATE);
      throw new ConfigError(`cannot read the executor state '${this.file}'`, { cause: error });
    }
    let parsed: z.infer<typeof StateFileSchema>;
    try {
      parsed = StateFileSchema.parse(JSON.parse(text));
    } catch (cause) {
      throw new ConfigError(`the executor state '${this.file}' is not valid; move it away to start without it`, { cause });
    }
    this.written = text;
    return (this.state = { active: parsed.active, offenders: parsed.offenders });
  }

  get current(): ExecutorState {
    return this.state;
  }

  /** Makes `next` the state; resolves once it is in the OS (see {@link sync} for the disk). */
  save(next: ExecutorState): Promise<void> {
    const write = this.writing.then(() =>
      this.writeAtomically(next).catch((cause: unknown) => {
        // Retriable: the command is redelivered rather than committed with its state unwritten.
        throw new DependencyUnavailableError(`cannot write the executor state '${this.file}'`, { cause });
      }),
    );
    this.writing = write.catch(() => undefined);
    return write.then(() => {
      this.state = next;
    });
  }

  /**
   * Resolves once every save so far is on the disk (fsync of the file and of its folder); nothing to do when no
   * save wrote since the last sync. Await it before committing the offsets of the messages that saved.
   */
  sync(): Promise<void> {
    const synced = this.writing.then(async () => {
      if (!this.unsynced) return;
      try {
        await syncPath(this.file);
        await syncPath(path.dirname(this.file)); // the rename itself must survive a power cut
        this.unsynced = false;
      } catch (cause) {
        throw new DependencyUnavailableError(`cannot sync the executor state '${this.file}'`, { cause });
      }
    });
    this.writing = synced.catch(() => undefined);
    return synced;
  }

  private async writeAtomically(next: ExecutorState): Promise<void> {
    const text = JSON.stringify({ version: 1, ...next });
    if (text === this.written) return; // nothing changed: no write, nothing to sync
    const dir = path.dirname(this.file);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, text, { mode: 0o600 });
    await fsp.rename(tmp, this.file);
    this.written = text;
    this.unsynced = true;
  }
}

async function syncPath(p: string): Promise<void> {
  const handle = await fsp.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
