import { statSync, watch, type FSWatcher } from 'node:fs';
import type { OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { type ArMessage, assertNever, type Clock, systemClock } from '@riposte/contracts';
import {
  createDryRunHttpPoster,
  createDryRunRunner,
  createExecRunner,
  createFileArLog,
  detectPlatform,
  findBinary,
  getBuiltin,
  invokeBuiltin,
  invokeBuiltinDelete,
  invokeDelete,
  invokeProcess,
  isWindows,
  resolveExecutable,
  runRestartSh,
  type BuiltinEnv,
  type FileArLog,
  type FoundBinary,
  type InvokeOptions,
  type InvokeResult,
  type Platform,
  type ResolvedExecutable,
} from '@riposte/responses';
import { AR_BIN_DIR } from './resolve-command';

export interface ScriptHostOptions {
  /** The Wazuh-layout home; scripts run with it as their working directory. */
  readonly home: string;
  /** A script still running after this is killed (a built-in is abandoned). */
  readonly timeoutMs: number;
  /** Built-ins log their system commands instead of running them. */
  readonly dryRun: boolean;
  /** @defaultValue `systemClock` */
  readonly clock?: Clock;
}

/** One script to run: what execd would launch, and the classic arguments of deviation (f), if any. */
export interface ScriptCall {
  readonly executable: string;
  /** `active-response/bin/<executable>`: argv[0] of the process and the name in its log lines. */
  readonly program: string;
  readonly args: readonly string[];
  /** The message for stdin (already rewritten). */
  readonly message: ArMessage;
}

/**
 * Where scripts run: a file of the executable's name in `active-response/bin/` as a process (no shell, own process
 * group, killed past the limit), launched as execd does — the relative `active-response/bin/<x>` from the home, so
 * a script's `$0` and log lines read exactly as Wazuh's — otherwise the built-in of that name in-process, sharing this process's
 * `active-responses.log` writer. In dry run the built-ins log their commands instead of running them.
 */
export class ScriptHost implements OnApplicationShutdown {
  readonly binDir: string;
  readonly arLog: FileArLog;
  private readonly platform: Platform = detectPlatform();
  /** Where the built-ins' system commands were found lately (each lookup is a dozen `access` calls). */
  private readonly binaries = new Map<string, { at: number; found: Promise<FoundBinary> }>();

  constructor(private readonly options: ScriptHostOptions) {
    this.binDir = path.join(options.home, AR_BIN_DIR);
    // Buffered: the lines of the scripts run in one event-loop turn go out in one append (flushed on shutdown).
    this.arLog = createFileArLog({ home: options.home, clock: options.clock, windows: isWindows(this.platform), buffered: true });
  }

  /** What `active-response/bin/` held lately, per executable: a stat per command was a large part of a built-in's cost. */
  private readonly resolved = new Map<string, { at: number; target: Promise<ResolvedExecutable> }>();
  private readonly present = new Map<string, { at: number; isFile: boolean }>();
  private binWatch?: FSWatcher;

  onApplicationShutdown(): void {
    this.arLog.flush();
    this.binWatch?.close();
    this.binWatch = undefined;
  }

  /** True when the executable can run here: a file in `active-response/bin/` or a built-in (sync: ar.conf reading needs it). */
  isPresent(executable: string): boolean {
    if (executable === '' || executable === '.' || executable === '..' || /[/\\]/.test(executable)) return false;
    const now = Date.now();
    this.watchBin();
    let hit = this.present.get(executable);
    if (!hit || now - hit.at >= BIN_CACHE_MS) {
      const isFile = (() => {
        try {
          return statSync(path.join(this.binDir, executable)).isFile();
        } catch {
          return false;
        }
      })();
      this.present.set(executable, (hit = { at: now, isFile }));
    }
    return hit.isFile || getBuiltin(executable) !== undefined;
  }

  /**
   * `resolveExecutable`, remembered for {@link BIN_CACHE_MS}, and forgotten at once when `active-response/bin/`
   * changes (fs.watch, where the platform has it): a site script dropped there is used from the next command.
   */
  private resolve(executable: string): Promise<ResolvedExecutable> {
    const now = Date.now();
    this.watchBin();
    const hit = this.resolved.get(executable);
    if (hit && now - hit.at < BIN_CACHE_MS) return hit.target;
    const target = resolveExecutable(this.binDir, executable);
    this.resolved.set(executable, { at: now, target });
    target.catch(() => this.resolved.delete(executable));
    return target;
  }

  private watchBin(): void {
    if (this.binWatch) return;
    const forget = () => {
      this.resolved.clear();
      this.present.clear();
    };
    try {
      this.binWatch = watch(this.binDir, { persistent: false }, forget);
      this.binWatch.on('error', () => {
        forget();
        this.binWatch?.close();
        // Folder gone or recreated: the TTL alone applies until the next call watches again.
        this.binWatch = undefined;
      });
    } catch {
      /* no folder (yet) or no fs.watch: the TTL alone bounds how stale a lookup is */
    }
  }

  /** An add with the check_keys exchange; `exchange.onKeys` is execd's decision, `onReplied` follows its delivery. */
  async add(call: ScriptCall, exchange: Pick<InvokeOptions, 'onKeys' | 'onReplied'>): Promise<InvokeResult> {
    const target = await this.resolve(call.executable);
    const opts = { onKeys: exchange.onKeys, onReplied: exchange.onReplied, timeoutMs: this.options.timeoutMs, clock: this.options.clock };
    switch (target.kind) {
      case 'file':
        return invokeProcess(call.program, [call.program, ...call.args], call.message, { ...opts, ...this.processOptions() });
      case 'builtin':
        return invokeBuiltin(target.definition, call.message, this.builtinEnv(call.program), opts);
      case 'missing':
        return this.missing(call);
      default:
        return assertNever(target);
    }
  }

  /** A delete: the message on stdin only, no key exchange. */
  async delete(call: ScriptCall): Promise<InvokeResult> {
    const target = await this.resolve(call.executable);
    const opts = { timeoutMs: this.options.timeoutMs, clock: this.options.clock };
    switch (target.kind) {
      case 'file':
        return invokeDelete(call.program, [call.program, ...call.args], call.message, { ...opts, ...this.processOptions() });
      case 'builtin':
        return invokeBuiltinDelete(target.definition, call.message, this.builtinEnv(call.program), opts);
      case 'missing':
        return this.missing(call);
      default:
        return assertNever(target);
    }
  }

  /** execd's `restart-wazuh` shortcut: `active-response/bin/restart.sh agent|manager` (a file there, else the built-in). */
  async restart(program: string, args: readonly string[], message: ArMessage): Promise<InvokeResult> {
    const file = path.join(this.options.home, program);
    if (fileExists(file)) {
      return invokeDelete(program, [program, ...args], message, { timeoutMs: this.options.timeoutMs, clock: this.options.clock, ...this.processOptions() });
    }
    const clock = this.options.clock ?? systemClock;
    const start = clock();
    const runner = this.options.dryRun ? createDryRunRunner((m) => this.arLog.write(program, m)) : createExecRunner({ cwd: this.options.home, timeoutMs: this.options.timeoutMs });
    const exitCode = await runRestartSh(args, { home: this.options.home, runner, argv0: program, clock });
    return { kind: 'completed', exitCode, durationMs: clock() - start };
  }

  /**
   * Scripts run from the home; in dry run our own standalone shims are told so too (site scripts ignore it). The
   * environment is copied once: reading `process.env` key by key on every spawn was a visible part of a script's cost.
   */
  private processOptions(): { cwd: string; env: NodeJS.ProcessEnv } {
    this.scriptEnv ??= this.options.dryRun ? { ...process.env, RIPOSTE_AR_DRY_RUN: '1' } : { ...process.env };
    return { cwd: this.options.home, env: this.scriptEnv };
  }

  private scriptEnv?: NodeJS.ProcessEnv;

  private builtinEnv(program: string): BuiltinEnv {
    const dryRun = this.options.dryRun;
    const logLine = (m: string) => this.arLog.write(program, m);
    return {
      argv0: program,
      log: this.arLog,
      runner: dryRun ? createDryRunRunner(logLine) : createExecRunner({ cwd: this.options.home, timeoutMs: this.options.timeoutMs }),
      ...(dryRun && { http: createDryRunHttpPoster(logLine) }),
      platform: this.platform,
      home: this.options.home,
      dryRun,
      findBinary: (name) => this.findBinary(name),
    };
  }

  /** `findBinary` over this process's PATH, remembered for {@link BINARY_CACHE_MS} (a binary installed later is seen then). */
  private findBinary(name: string): Promise<FoundBinary> {
    const now = Date.now();
    const key = `${name}\0${process.env.PATH ?? ''}`;
    const hit = this.binaries.get(key);
    if (hit && now - hit.at < BINARY_CACHE_MS) return hit.found;
    const found = findBinary(name, process.env);
    this.binaries.set(key, { at: now, found });
    found.catch(() => this.binaries.delete(key));
    return found;
  }

  private missing(call: ScriptCall): InvokeResult {
    return { kind: 'failed', reason: `Active response command not present: '${call.program}'. Not using it on this system.`, durationMs: 0 };
  }
}

/** How long a look-up in `active-response/bin/` is reused when no change was seen there. */
export const BIN_CACHE_MS = 1_000;

/** How long a binary lookup is reused. */
export const BINARY_CACHE_MS = 10_000;

function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
