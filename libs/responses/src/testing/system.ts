import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createExecRunner } from '../ports/command-runner';
import type { CommandRunner } from '../ports/command-runner';

/** The repository root (this file is `libs/responses/src/testing/system.ts`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Real-system tests need root (network and mount namespaces). */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why a real-system suite cannot run here, or null. On CI (root) it always runs. */
export function realSystemUnavailable(tools: readonly string[]): string | null {
  if (!IS_ROOT) return 'needs root (network/mount namespaces); run the tests as root, as CI does';
  const missing = tools.filter((t) => !['/usr/sbin', '/sbin', '/usr/bin', '/bin'].some((d) => fs.existsSync(path.join(d, t))));
  return missing.length ? `missing system tools: ${missing.join(', ')} (apt-get install iptables ipset iproute2 passwd net-tools)` : null;
}

/** Runs a command synchronously (argv array) and returns its stdout. */
export function sh(file: string, args: readonly string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A throwaway network namespace and a runner whose commands run inside it. */
export function createNetns(): { name: string; runner: CommandRunner; exec(file: string, args: readonly string[]): string; remove(): void } {
  const name = `riposte-${randomBytes(4).toString('hex')}`;
  sh('ip', ['netns', 'add', name]);
  return {
    name,
    runner: createExecRunner({ prefix: ['ip', 'netns', 'exec', name] }),
    exec: (file, args) => sh('ip', ['netns', 'exec', name, file, ...args]),
    remove: () => sh('ip', ['netns', 'delete', name]),
  };
}

/** A temporary directory removed by `cleanup`. */
export function tempDir(prefix = 'riposte-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A Wazuh home with `active-response/bin` and `logs`. */
export function wazuhHome(root: string): { home: string; bin: string; log: string } {
  const home = path.join(root, 'ossec');
  const bin = path.join(home, 'active-response', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(path.join(home, 'logs'), { recursive: true });
  return { home, bin, log: path.join(home, 'logs', 'active-responses.log') };
}

/** Loads `standalone.ts` from sources in a child process (TypeScript transpiled on the fly): no build needed. */
export const TS_STANDALONE = path.join(REPO_ROOT, 'libs', 'responses', 'src', 'testing', 'ts-standalone.js');
/** Runs its arguments after bind-mounting (`--bind SRC DST`) inside the current (private) mount namespace. */
export const MOUNT_NS_EXEC = path.join(REPO_ROOT, 'libs', 'responses', 'src', 'testing', 'mount-ns-exec.js');

/**
 * `describe` for real-system suites: runs them when root with the tools present (always on CI); otherwise
 * registers one skipped test whose title says why.
 */
export function describeRealSystem(name: string, tools: readonly string[], body: () => void): void {
  // Jest's globals, reached through globalThis so that this helper also compiles in the production build.
  const jest = globalThis as unknown as { describe(n: string, f: () => void): void; it: { skip(n: string, f: () => void): void } };
  const why = realSystemUnavailable(tools);
  if (why === null) jest.describe(name, body);
  else jest.describe(name, () => jest.it.skip(`skipped: ${why}`, () => undefined));
}
