import type { Readable, Writable } from 'node:stream';

/**
 * The script's side of the stdin/stdout protocol: read one line, write one line. One implementation works on the
 * process's stdin/stdout (standalone), another on in-memory channels (in-process, inside the executor).
 */
export interface ScriptIo {
  /** Resolves with the next line without its newline, or null at end of input. Lines longer than `maxBytes` are cut there, like `fgets`. */
  readLine(maxBytes?: number): Promise<string | null>;
  /** Writes `line` followed by `\n`. */
  writeLine(line: string): Promise<void>;
  /** Ends the output side (the peer then reads EOF). */
  end(): void;
}

/** Largest line Wazuh reads (`OS_MAXSTR` - 1). */
export const MAX_LINE_BYTES = 65535;

/** A line reader over a byte stream (call it for the next line), with what it holds in memory. */
export interface LineReader {
  (maxBytes?: number): Promise<string | null>;
  /** Bytes received and not yet returned. */
  buffered(): number;
  /** From now on every byte is read and dropped: the stream keeps flowing (no writer blocks) and nothing is kept. */
  discard(): void;
}

export interface LineReaderOptions {
  /**
   * At most this many bytes are kept between calls; what arrives beyond it is dropped (a script printing without
   * end cannot fill the executor's memory). @defaultValue unlimited
   */
  readonly limitBytes?: number;
}

/** Line reader over a byte stream; keeps any extra bytes (up to `limitBytes`) for the next call. */
export function createLineReader(input: Readable, options: LineReaderOptions = {}): LineReader {
  const limit = options.limitBytes ?? Infinity;
  let buffer = Buffer.alloc(0);
  let ended = false;
  let discarding = false;
  let waiter: (() => void) | null = null;
  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  input.on('data', (chunk: Buffer | string) => {
    if (discarding) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = limit - buffer.length;
    if (room <= 0) return;
    buffer = Buffer.concat([buffer, bytes.length > room ? bytes.subarray(0, room) : bytes]);
    wake();
  });
  input.on('end', () => {
    ended = true;
    wake();
  });
  input.on('error', () => {
    ended = true;
    wake();
  });
  const read = async (maxBytes = MAX_LINE_BYTES) => {
    for (;;) {
      const nl = buffer.indexOf(0x0a);
      if (nl >= 0 && nl <= maxBytes) {
        const line = buffer.subarray(0, nl).toString('utf8');
        buffer = buffer.subarray(nl + 1);
        return line;
      }
      if (buffer.length >= maxBytes || buffer.length >= limit) {
        const line = buffer.subarray(0, maxBytes).toString('utf8');
        buffer = buffer.subarray(Math.min(maxBytes, buffer.length));
        return line;
      }
      if (ended || discarding) {
        if (buffer.length === 0) return null;
        const line = buffer.toString('utf8');
        buffer = Buffer.alloc(0);
        return line;
      }
      await new Promise<void>((resolve) => (waiter = resolve));
    }
  };
  return Object.assign(read, {
    buffered: () => buffer.length,
    discard: () => {
      discarding = true;
      buffer = Buffer.alloc(0);
      wake();
    },
  });
}

/** ScriptIo over streams, e.g. `process.stdin` / `process.stdout`. */
export function createStreamScriptIo(input: Readable, output: Writable): ScriptIo {
  const read = createLineReader(input);
  return {
    readLine: read,
    writeLine: (line) =>
      new Promise<void>((resolve) => {
        output.write(`${line}\n`, () => resolve());
      }),
    end: () => undefined,
  };
}

/** One direction of an in-memory pipe. */
class LineQueue {
  private readonly lines: string[] = [];
  private closed = false;
  private waiter: (() => void) | null = null;
  push(line: string) {
    if (this.closed) return;
    this.lines.push(line);
    this.wake();
  }
  close() {
    this.closed = true;
    this.wake();
  }
  async shift(): Promise<string | null> {
    while (this.lines.length === 0 && !this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
    return this.lines.shift() ?? null;
  }
  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}

/** The two ends of an in-memory stdin/stdout pair: what the script uses, and what the executor uses. */
export interface ScriptChannel {
  readonly script: ScriptIo;
  readonly host: ScriptIo;
}

/** In-memory channels for running a script inside the executor's process (no Node start, no pipe). */
export function createScriptChannel(): ScriptChannel {
  const toScript = new LineQueue();
  const toHost = new LineQueue();
  const side = (input: LineQueue, output: LineQueue): ScriptIo => ({
    readLine: async (maxBytes = MAX_LINE_BYTES) => {
      const line = await input.shift();
      return line === null ? null : Buffer.from(line).subarray(0, maxBytes).toString('utf8');
    },
    writeLine: async (line) => output.push(line),
    end: () => output.close(),
  });
  return { script: side(toScript, toHost), host: side(toHost, toScript) };
}
