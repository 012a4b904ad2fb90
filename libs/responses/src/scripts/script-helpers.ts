import * as path from 'node:path';
import type { ArMessage } from '@riposte/contracts';
import { getSrcip, getUsername } from '../protocol/alert-fields';
import type { CommandResult, RunOptions } from '../ports/command-runner';
import { CommandSpawnError } from '../ports/command-runner';
import type { Platform } from '../ports/platform';
import type { Outcome, ReadResult, ScriptContext } from '../runner/script-definition';
import { ended } from '../runner/script-definition';

/** Reads srcip (spec §3.2) or refuses with Wazuh's line. */
export function readSrcip(message: ArMessage): ReadResult<string> {
  const ip = getSrcip(message);
  return ip ? { ok: true, input: ip } : { ok: false, log: "Cannot read 'srcip' from data" };
}

/** Reads dstuser (spec §3.2, `is_valid_username`) or refuses with Wazuh's line. */
export function readUsername(message: ArMessage): ReadResult<string> {
  const user = getUsername(message);
  return user ? { ok: true, input: user } : { ok: false, log: "Cannot read 'dstuser' from data" };
}

const ERRNO: Record<string, [string, number]> = {
  ENOENT: ['No such file or directory', 2],
  EACCES: ['Permission denied', 13],
  EEXIST: ['File exists', 17],
  ENOTDIR: ['Not a directory', 20],
  EISDIR: ['Is a directory', 21],
  EROFS: ['Read-only file system', 30],
  EPERM: ['Operation not permitted', 1],
  EBUSY: ['Device or resource busy', 16],
};

/** `strerror(errno)` for a Node error code. */
export function strerror(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code ?? (error as CommandSpawnError)?.errno;
  return (code && ERRNO[code]?.[0]) ?? String(code ?? (error as Error)?.message ?? error);
}

/** `strerror(errno) (errno)` for a missing binary, as in `The iptables file '%s' is not accessible: %s (%d)`. */
export const ENOENT_TEXT = 'No such file or directory (2)';

/** Runs a command; null when it could not be started (Wazuh's `wpopenv` returning NULL). Other errors propagate. */
export async function tryRun(ctx: ScriptContext<unknown>, file: string, args: readonly string[], opts?: RunOptions): Promise<CommandResult | null> {
  try {
    return await ctx.run(file, args, opts);
  } catch (error) {
    if (error instanceof CommandSpawnError) return null;
    throw error;
  }
}

/** The command and the spawn error, for `Error executing '%s': %s` lines. */
export async function runOrError(ctx: ScriptContext<unknown>, file: string, args: readonly string[], opts?: RunOptions): Promise<CommandResult | { error: string }> {
  try {
    return await ctx.run(file, args, opts);
  } catch (error) {
    if (error instanceof CommandSpawnError) return { error: strerror(error) };
    throw error;
  }
}

/**
 * True when `line` contains `ip` as a whole address: the characters around it are not address characters
 * (Wazuh's `strstr` would also match `1.2.3.4` inside `1.2.3.45`).
 */
export function containsAddress(line: string, ip: string): boolean {
  const addressChar = ip.includes(':') ? /[0-9A-Fa-f:.]/ : /[0-9.]/;
  for (let at = line.indexOf(ip); at >= 0; at = line.indexOf(ip, at + 1)) {
    const before = at > 0 ? line[at - 1] : '';
    const after = line[at + ip.length] ?? '';
    if (!addressChar.test(before) && !addressChar.test(after)) return true;
  }
  return false;
}

/** A `%WINDIR%\system32\…` path: win32 syntax on Windows, POSIX when the platform is simulated with a local directory. */
export function windirPath(platform: Platform, ...parts: string[]): string {
  const windir = platform.windir ?? 'C:\\Windows';
  return /^[A-Za-z]:|\\/.test(windir) ? path.win32.join(windir, ...parts) : path.posix.join(windir, ...parts);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POSTs `body` for a notify script: exit 0 on a 2xx, else logs `Unable to post to <service>: <why>` and exits -1. */
export async function postNotification(ctx: ScriptContext<unknown>, service: string, url: string, body: string, headers: Readonly<Record<string, string>>): Promise<Outcome> {
  try {
    const res = await ctx.http.post(url, body, headers);
    if (res.status >= 200 && res.status < 300) return ended();
    ctx.log(`Unable to post to ${service}: HTTP ${res.status}`);
  } catch (error) {
    ctx.log(`Unable to post to ${service}: ${(error as Error).message}`);
  }
  return ended(-1);
}
