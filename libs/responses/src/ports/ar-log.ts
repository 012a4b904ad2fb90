import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Clock, escapeControlChars, systemClock } from '@riposte/contracts';

/** Where `active-responses.log` is written, one line per call (spec §5). */
export interface ArLog {
  /** Appends `YYYY/MM/DD HH:MM:SS <argv0>: <msg>` (local time). */
  write(argv0: string, msg: string): void;
}


const pad = (n: number) => String(n).padStart(2, '0');

/** `w_get_timestamp`: local time as `YYYY/MM/DD HH:MM:SS`. */
export function formatArTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The message part of a line: the trailing newline `fgets` keeps dropped, control characters escaped. */
function lineText(msg: string): string {
  return escapeControlChars(msg.replace(/\r?\n$/, ''));
}

/**
 * One line as `write_debug_file` prints it (`"%s %s: %s\n"`). A trailing newline of `msg` (the stdin echo comes
 * from `fgets`) is dropped, as in the real capture of the shellshock lab (spec §5 leaves this open). Input
 * hardening: any other CR, LF or control character is written as a visible escape (`\n`, `\x1b`), so a value
 * from an alert can neither start a forged line nor drive a terminal; lines without one are Wazuh's exactly.
 */
export function formatArLogLine(epochMs: number, argv0: string, msg: string): string {
  return `${formatArTimestamp(epochMs)} ${escapeControlChars(argv0)}: ${lineText(msg)}\n`;
}

/** `logs/active-responses.log` under the Wazuh home (`active-response\active-responses.log` on Windows). */
export function arLogPath(home: string, windows = false): string {
  return windows ? path.join(home, 'active-response', 'active-responses.log') : path.join(home, 'logs', 'active-responses.log');
}

export interface FileArLogOptions {
  /** The Wazuh installation directory (`/var/ossec`). */
  readonly home: string;
  /** @defaultValue `systemClock` */
  readonly clock?: Clock;
  /** Use the Windows location of the log. @defaultValue false */
  readonly windows?: boolean;
  /**
   * Buffer lines and write them once per event-loop turn instead of one write per line (for an executor that runs
   * thousands of built-in scripts per second). Call `flush()` before exiting. @defaultValue false
   */
  readonly buffered?: boolean;
}

export interface FileArLog extends ArLog {
  readonly path: string;
  /** Writes buffered lines now. */
  flush(): void;
}

/** Appends to the real log file, creating `logs/` if needed. Write errors are ignored, as in Wazuh (`if (ar_log_file)`). */
export function createFileArLog(options: FileArLogOptions): FileArLog {
  const file = arLogPath(options.home, options.windows);
  const clock = options.clock ?? systemClock;
  let pending: string[] = [];
  let scheduled = false;
  // The folder is created only when the append finds it missing (not one mkdir per line).
  const append = (text: string) => {
    try {
      fs.appendFileSync(file, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return; // Wazuh silently skips the line when the log cannot be opened
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, text);
      } catch {
        /* as above */
      }
    }
  };
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    append(text);
  };
  return {
    path: file,
    flush,
    write(argv0, msg) {
      const line = formatArLogLine(clock(), argv0, msg);
      if (!options.buffered) return append(line);
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

export interface MemoryArLog extends ArLog {
  /** Every line written, without the trailing newline. */
  readonly lines: string[];
  /** The messages only (after `<argv0>: `). */
  messages(): string[];
}

/** An in-memory log for tests. */
export function createMemoryArLog(clock: Clock = () => 0): MemoryArLog {
  const lines: string[] = [];
  const msgs: string[] = [];
  return {
    lines,
    messages: () => [...msgs],
    write(argv0, msg) {
      lines.push(formatArLogLine(clock(), argv0, msg).slice(0, -1));
      msgs.push(lineText(msg));
    },
  };
}
