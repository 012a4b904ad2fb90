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
 * The executor's active keys and repeated-offender counts on local disk (deviation b). Every change is written
 * atomically — temp file, fsync, rename, fsync of the folder — before the handler returns, so before the Kafka
 * offset of the message that caused it is committed. A crash leaves either the old or the new file, never half.
 */
export class LocalStateStore {
  readonly file: string;
  private state: ExecutorState = EMPTY_STATE;
  private writing: Promise<void> = Promise.resolve();

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
    return (this.state = { active: parsed.active, offenders: parsed.offenders });
  }

  get current(): ExecutorState {
    return this.state;
  }

  /** Makes `next` the durable state; resolves once it is on disk. */
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

  private async writeAtomically(next: ExecutorState): Promise<void> {
    const dir = path.dirname(this.file);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const handle = await fsp.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, ...next }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, this.file);
    const folder = await fsp.open(dir, 'r');
    try {
      await folder.sync(); // the rename itself must survive a power cut
    } finally {
      await folder.close();
    }
  }
}
