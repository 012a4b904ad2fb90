/**
 * The only I/O the commands do, behind a narrow port: tests pass an object literal and read what was printed.
 */
import { readFile } from 'node:fs/promises';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as UTF-8; rejects with the system error. */
  readFile(path: string): Promise<string>;
  /** Reads all of stdin as UTF-8. */
  readStdin(): Promise<string>;
}

/** The real process: stdout, stderr, the file system and stdin. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** An in-memory `CliIo` for command specs: virtual files, a stdin string, and what was printed. */
export function memoryIo(files: Readonly<Record<string, string>> = {}, stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readFile: async (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    readStdin: async () => stdin,
  };
  return io;
}

/** `path`, or stdin for `-`, with a message that names the file when it cannot be read. */
export async function readInput(io: CliIo, path: string, what: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    return { ok: true, text: path === '-' ? await io.readStdin() : await io.readFile(path) };
  } catch (e) {
    return { ok: false, message: `cannot read ${what} '${path}': ${readFailure(e)}` };
  }
}

/** Why a file could not be read, in a few words (`no such file`, `permission denied`, …). */
export function readFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
}
