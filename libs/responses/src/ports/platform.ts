import * as os from 'node:os';

/**
 * What a script learns from `uname` (and, on Windows, from the Windows version), injected so that every platform
 * branch can be tested on Linux.
 */
export interface Platform {
  /** `uname -s`: `Linux`, `FreeBSD`, `Darwin`, `OpenBSD`, `NetBSD`, `SunOS`, `AIX`, or `Windows_NT`. */
  readonly sysname: string;
  /** Windows only: Vista or later (`checkVista()`). */
  readonly windowsVistaOrLater?: boolean;
  /** Windows only: `%WINDIR%`. */
  readonly windir?: string;
}

/** The platform this process runs on. */
export function detectPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const sysname = os.type();
  if (sysname !== 'Windows_NT') return { sysname };
  const major = Number(os.release().split('.')[0]);
  return { sysname, windowsVistaOrLater: major >= 6, windir: env.WINDIR ?? env.windir ?? 'C:\\Windows' };
}

export function isWindows(p: Platform): boolean {
  return p.sysname === 'Windows_NT';
}
