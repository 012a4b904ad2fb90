/**
 * Benchmark (run as root after `npm run build`): `node dist/libs/responses/src/bench/ipset-vs-iptables.bench.js [count]`.
 *
 * Creates a throwaway network namespace, re-runs itself inside it (`ip netns exec`), then times blocking and
 * unblocking `count` (default 10,000) addresses two ways:
 * - the Wazuh way: one `iptables -I INPUT -s <ip> -j DROP` process per address, then one `-D` per address;
 * - the set way: the `ipset-drop` built-in through `invokeBuiltin` (the executor's in-process path), all runs
 *   sharing one batcher, so the updates go out as a few `ipset restore -exist` calls.
 * Prints both times and the ratio. Not a test: no assertion on time (DEVELOPERS.md).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { invokeBuiltin, invokeBuiltinDelete } from '../execd/invoke-builtin';
import { createIpsetBatcher } from '../ipset/ipset-batcher';
import { createFileArLog } from '../ports/ar-log';
import { createExecRunner } from '../ports/command-runner';
import type { CommandRunner } from '../ports/command-runner';
import { getBuiltin } from '../registry';
import type { ArMessage } from '@riposte/contracts';

const out = (line: string) => process.stdout.write(`${line}\n`);
const sh = (file: string, args: string[]) => execFileSync(file, args, { encoding: 'utf8' });

function addresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
}

function message(ip: string, command: 'add' | 'delete'): ArMessage {
  return {
    version: 1,
    origin: { name: 'bench', module: 'wazuh-execd' },
    command,
    parameters: { extra_args: [], alert: { rule: { id: '5712', level: 10 }, data: { srcip: ip } }, program: 'active-response/bin/ipset-drop' },
  };
}

async function wazuhWay(runner: CommandRunner, ips: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  for (const ip of ips) await runner.run('iptables', ['-I', 'INPUT', '-s', ip, '-j', 'DROP']);
  const rules = sh('iptables', ['-S', 'INPUT']).split('\n').filter((l) => l.startsWith('-A')).length;
  for (const ip of ips) await runner.run('iptables', ['-D', 'INPUT', '-s', ip, '-j', 'DROP']);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  out(`  iptables rules after the adds: ${rules}; after the deletes: ${sh('iptables', ['-S', 'INPUT']).split('\n').filter((l) => l.startsWith('-A')).length}`);
  return ms;
}

/** Runs `WAVE` invocations at a time, as an executor consuming batches of messages would. */
const WAVE = 2000;
async function inWaves<T>(ips: string[], fn: (ip: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < ips.length; i += WAVE) results.push(...(await Promise.all(ips.slice(i, i + WAVE).map(fn))));
  return results;
}

async function setWay(runner: CommandRunner, ips: string[], home: string): Promise<number> {
  const log = createFileArLog({ home, buffered: true });
  const env = { log, runner, platform: { sysname: 'Linux' }, home, services: { ipset: createIpsetBatcher({ runner }) } };
  const drop = getBuiltin('ipset-drop')!;
  const start = process.hrtime.bigint();
  const added = await inWaves(ips, (ip) => invokeBuiltin(drop, message(ip, 'add'), env, { onKeys: () => 'continue' }));
  const members = sh('ipset', ['list', 'riposte-blocklist']).split('Members:\n')[1].split('\n').filter(Boolean).length;
  const deleted = await inWaves(ips, (ip) => invokeBuiltinDelete(drop, message(ip, 'delete'), env));
  log.flush();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const left = sh('ipset', ['list', 'riposte-blocklist']).split('Members:\n')[1].split('\n').filter(Boolean).length;
  const failed = [...added, ...deleted].filter((r) => r.exitCode !== 0).length;
  out(`  set members after the adds: ${members}; after the deletes: ${left}; failed runs: ${failed}; log lines: ${fs.readFileSync(log.path, 'utf8').split('\n').length - 1}`);
  return ms;
}

async function bareRestore(ips: string[]): Promise<number> {
  sh('ipset', ['create', 'riposte-bare', 'hash:ip', 'maxelem', '1048576', '-exist']);
  const runner = createExecRunner();
  const start = process.hrtime.bigint();
  await runner.run('ipset', ['restore', '-exist'], { stdin: ips.map((ip) => `add riposte-bare ${ip}\n`).join('') });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function inside(count: number): Promise<void> {
  const ips = addresses(count);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-bench-'));
  const runner = createExecRunner();
  out(`Blocking and unblocking ${count} addresses (Node ${process.version}, ${os.cpus().length} CPUs)`);
  out('Wazuh way: one iptables -I per address, then one -D per address');
  const wazuh = await wazuhWay(runner, ips);
  out(`  ${(wazuh / 1000).toFixed(2)} s (${(wazuh / (2 * count)).toFixed(2)} ms per command)`);
  out(`Set way: ipset-drop through invokeBuiltin (in-process, ${WAVE} runs in flight), batched ipset restore`);
  const set = await setWay(runner, ips, home);
  out(`  ${(set / 1000).toFixed(3)} s`);
  out(`Ratio: the set way is ${(wazuh / set).toFixed(0)}x faster`);
  const bare = await bareRestore(ips);
  out(`Reference: a bare ipset restore of ${count} entries takes ${bare.toFixed(0)} ms (${(wazuh / 2 / bare).toFixed(0)}x faster than ${count} iptables -I)`);
  fs.rmSync(home, { recursive: true, force: true });
}

function outside(count: number): void {
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (network namespace, iptables, ipset)');
  const ns = `riposte-bench-${randomBytes(3).toString('hex')}`;
  sh('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['netns', 'exec', ns, process.execPath, ...process.execArgv, __filename, '--inside', String(count)], { stdio: 'inherit' });
  } finally {
    sh('ip', ['netns', 'delete', ns]);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--inside') void inside(Number(args[1]));
else outside(Number(args[0] ?? 10_000));
