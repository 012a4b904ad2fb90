import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createExecRunner } from '../ports/command-runner';
import type { CommandRunner } from '../ports/command-runner';

/** The repository root (this file is `libs/responses/src/testing/system.ts`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Real-system tests need root, or else unprivileged user namespaces (network and mount namespaces of their own). */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** The namespaces a real-system suite works in. */
export type NamespaceKind = 'net' | 'mount';

/**
 * How a real-system suite gets its namespaces: as root (`ip netns`, `unshare -m`), or as an unprivileged user in
 * a user namespace of its own where it is root (`unshare -rn` / `unshare -rm`, joined with `nsenter`).
 */
export type SystemAccess = 'root' | 'userns';

const SBIN_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];
const USERNS_PROBE: Record<NamespaceKind, readonly string[]> = { net: ['-rn', 'true'], mount: ['-rm', 'true'] };

/** How a real-system suite can run here, or why it cannot (which tool, or root / user namespaces). */
export function realSystemAccess(tools: readonly string[], kind: NamespaceKind): { access: SystemAccess } | { missing: string } {
  const needed = IS_ROOT ? tools : [...new Set([...tools, 'unshare', ...(kind === 'net' ? ['nsenter'] : [])])];
  const absent = needed.filter((t) => !SBIN_DIRS.some((d) => fs.existsSync(path.join(d, t))));
  if (absent.length) return { missing: `the system tools ${absent.join(', ')} (apt-get install iptables ipset iproute2 passwd net-tools util-linux)` };
  if (IS_ROOT) return { access: 'root' };
  const probe = spawnSync('unshare', USERNS_PROBE[kind], { encoding: 'utf8' });
  if (probe.status === 0) return { access: 'userns' };
  const said = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim();
  return { missing: `root, or unprivileged user namespaces ('unshare ${USERNS_PROBE[kind].join(' ')}' failed: ${said}); run the tests as root, as CI does` };
}

/** Runs a command synchronously (argv array) and returns its stdout. */
export function sh(file: string, args: readonly string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A throwaway network namespace: `prefix` runs a command inside it (argv), `runner` runs every command there. */
export interface Netns {
  readonly prefix: readonly string[];
  readonly runner: CommandRunner;
  exec(file: string, args: readonly string[]): string;
  remove(): void;
}

/**
 * A throwaway network namespace. As root: `ip netns add`. Otherwise: a holder process in its own user and network
 * namespace (`unshare -rn`), joined by `nsenter` for every command, and killed by `remove`.
 */
export async function createNetns(access: SystemAccess): Promise<Netns> {
  if (access === 'root') {
    const name = `riposte-${randomBytes(4).toString('hex')}`;
    sh('ip', ['netns', 'add', name]);
    const prefix = ['ip', 'netns', 'exec', name];
    return { prefix, runner: createExecRunner({ prefix }), exec: (file, args) => sh(prefix[0], [...prefix.slice(1), file, ...args]), remove: () => sh('ip', ['netns', 'delete', name]) };
  }
  // The holder: node, started by unshare inside the new namespaces, says so on stdout, then waits on its stdin.
  const holder = spawn('unshare', ['-rn', '--', process.execPath, '-e', "process.stdout.write('ready\\n'); process.stdin.resume()"], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`unshare -rn exited (${code}) before its namespace was ready`)));
    holder.stdout!.once('data', () => resolve());
  });
  holder.removeAllListeners('exit');
  const prefix = ['nsenter', '--target', String(holder.pid), '--user', '--net', '--preserve-credentials', '--'];
  return {
    prefix,
    runner: createExecRunner({ prefix }),
    exec: (file, args) => sh(prefix[0], [...prefix.slice(1), file, ...args]),
    remove: () => {
      holder.stdin?.end();
      holder.kill('SIGKILL');
    },
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
 * The argv prefix that runs a command in a private mount namespace: `unshare -m` as root, `unshare -rm` (a user
 * namespace of its own, where it may bind-mount) otherwise.
 */
export function mountNamespacePrefix(access: SystemAccess): string[] {
  return ['unshare', access === 'root' ? '-m' : '-rm', '--propagation', 'private', '--'];
}

/**
 * A copy of the directory `from` at `to`. As root: `cp -a`. Otherwise what this user may read (an unprivileged
 * user cannot read /etc/shadow and the like; the suite writes the entries it needs itself).
 */
export function copyTree(from: string, to: string, access: SystemAccess): void {
  if (access === 'root') {
    sh('cp', ['-a', from, to]);
    return;
  }
  const copy = (src: string, dst: string): void => {
    const st = fs.lstatSync(src);
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (st.isDirectory()) {
      fs.mkdirSync(dst, { mode: (st.mode & 0o7777) | 0o700 }); // owner-writable, so that cleanup can remove it
      if (readable(src, fs.constants.R_OK | fs.constants.X_OK)) for (const e of fs.readdirSync(src)) copy(path.join(src, e), path.join(dst, e));
    } else if (st.isFile() && readable(src, fs.constants.R_OK)) fs.copyFileSync(src, dst);
  };
  copy(from, to);
}

function readable(file: string, mode: number): boolean {
  try {
    fs.accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

/** What a test can see of a system file: its text when readable, else its identity (inode, size, mtime). */
export function snapshotFile(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  if (readable(file, fs.constants.R_OK)) return fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  return `unreadable: inode ${st.ino}, ${st.size} bytes, mtime ${st.mtimeMs}`;
}

/**
 * `describe` for real-system suites: runs them as root, or else in unprivileged user namespaces where the kernel
 * allows them. When neither works (or a tool is missing) the suite FAILS with one test naming what is missing:
 * these suites never skip.
 */
export function describeRealSystem(name: string, needs: { tools: readonly string[]; namespace: NamespaceKind }, body: (access: SystemAccess) => void): void {
  // Jest's globals, reached through globalThis so that this helper also compiles in the production build.
  const jest = globalThis as unknown as { describe(n: string, f: () => void): void; it(n: string, f: () => void): void };
  const found = realSystemAccess(needs.tools, needs.namespace);
  if ('access' in found) jest.describe(`${name} (${found.access === 'root' ? 'as root' : 'in a user namespace'})`, () => body(found.access));
  else
    jest.describe(name, () =>
      jest.it(`needs ${found.missing}`, () => {
        throw new Error(`cannot run the real-system suite '${name}': needs ${found.missing}`);
      }),
    );
}
