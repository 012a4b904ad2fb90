import * as path from 'node:path';
import { createFileArLog } from './ports/ar-log';
import { createExecRunner } from './ports/command-runner';
import { createDryRunRunner } from './ports/dry-run.runner';
import { createDryRunHttpPoster, createNodeHttpPoster } from './ports/http-poster';
import { detectPlatform, isWindows } from './ports/platform';
import { createStreamScriptIo } from './ports/script-io';
import { getBuiltin } from './registry';
import { runRestartSh } from './restart-sh';
import { runScript } from './runner/run-script';

/** Where a script runs from: the Wazuh home and the argv0 its log lines carry. */
export function locateScript(scriptPath: string, name: string, env: NodeJS.ProcessEnv, cwd: string): { home: string; argv0: string } {
  const dir = path.resolve(cwd, path.dirname(scriptPath));
  const underBin = dir.endsWith(`${path.sep}active-response${path.sep}bin`);
  const home = env.RIPOSTE_AR_HOME ?? (underBin ? path.dirname(path.dirname(dir)) : cwd);
  const argv0 = underBin && path.dirname(path.dirname(dir)) === home ? `active-response/bin/${name}` : scriptPath;
  return { home, argv0 };
}

const ENTRY_NAMES = new Set(['standalone', 'standalone.js', 'standalone.ts']);

/** The script to run: `basename(argv[1])` (a shim), or the first argument when argv[1] is this entry itself. */
export function scriptNameFrom(argv: readonly string[]): { name: string | undefined; args: string[] } {
  const base = path.basename(argv[1] ?? '');
  return ENTRY_NAMES.has(base) ? { name: argv[2], args: argv.slice(3) } : { name: base || undefined, args: argv.slice(2) };
}

/**
 * The standalone entry: picks the script by `basename(argv[1])` (busybox style, so a shim named `firewall-drop` in
 * `active-response/bin/` runs firewall-drop) or, when run as `node standalone.js <script>`, by the first argument;
 * then speaks the protocol on process stdin/stdout and resolves with the exit code.
 *
 * Environment: `RIPOSTE_AR_HOME` (Wazuh home; default: derived from the script's path, else the current
 * directory), `RIPOSTE_AR_ROOT` (root for system files, default `/`), `RIPOSTE_AR_DRY_RUN=1` (log commands
 * instead of running them; also `--dry-run` as an argument).
 */
export async function runStandalone(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const scriptPath = argv[1] ?? '';
  const { name, args } = scriptNameFrom(argv);
  const dryRun = env.RIPOSTE_AR_DRY_RUN === '1' || args.includes('--dry-run');
  const { home, argv0 } = locateScript(scriptPath, name ?? '', env, process.cwd());
  const runner = createExecRunner({ cwd: home, env });
  if (name === 'restart.sh') {
    return runRestartSh(args, { home, runner, env, argv0, print: (l) => process.stdout.write(`${l}\n`) });
  }
  const definition = name ? getBuiltin(name) : undefined;
  if (!definition) {
    process.stderr.write(`unknown active response '${name ?? ''}'\n`);
    return 1;
  }
  const platform = detectPlatform(env);
  const log = createFileArLog({ home, windows: isWindows(platform) });
  const logLine = (msg: string) => log.write(argv0, msg);
  const result = await runScript(definition, {
    io: createStreamScriptIo(process.stdin, process.stdout),
    log,
    argv0,
    runner: dryRun ? createDryRunRunner(logLine) : runner,
    http: dryRun ? createDryRunHttpPoster(logLine) : createNodeHttpPoster(),
    platform,
    home,
    root: env.RIPOSTE_AR_ROOT ?? '/',
    env,
    dryRun,
  });
  process.stdin.destroy();
  return result.exitCode;
}

if (require.main === module) {
  void runStandalone().then((code) => process.exit(code & 0xff));
}
