// A Wazuh-layout agent home and recording test scripts, shared by the executor's specs and the end-to-end tests.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** How a recording script behaves. */
export type ScriptMode =
  /** 4.2+: answers check_keys with `[data.srcip]` on add, reads continue/abort. */
  | 'stateful'
  /** Prints nothing (a stateless script). */
  | 'stateless'
  /** Reads its input and never ends. */
  | 'hang'
  /** Pre-4.2: works from its argv, prints nothing (reads one stdin line only to record it). */
  | 'classic';

/** One run of a recording script: its argv0, arguments, the lines it read, and whether stdin ended early. */
export interface ScriptRun {
  readonly pid: number;
  readonly argv0: string;
  readonly args: string[];
  readonly lines: string[];
  readonly eof?: boolean;
}

/** A temporary executor home with Wazuh's layout. */
export function makeAgentHome(files: { ossecConf?: string; arConf?: string } = {}): string {
  const home = mkdtempSync(path.join(tmpdir(), 'riposte-executor-'));
  for (const dir of ['active-response/bin', 'logs', 'etc/shared', 'var', 'records']) mkdirSync(path.join(home, dir), { recursive: true });
  if (files.ossecConf !== undefined) writeFileSync(path.join(home, 'etc/ossec.conf'), files.ossecConf);
  if (files.arConf !== undefined) writeFileSync(path.join(home, 'etc/shared/ar.conf'), files.arConf);
  return home;
}

/** An agent `ossec.conf` with one `<active-response>` block holding `inner`. */
export function agentOssecConf(inner: string): string {
  return `<ossec_config>\n  <active-response>\n    ${inner}\n  </active-response>\n</ossec_config>\n`;
}

/** The recorder every test script runs: appends its run to `records/<basename($0)>.jsonl`. */
const RECORDER = `const fs = require('fs');
const path = require('path');
const [argv0, MODE, ...args] = process.argv.slice(2);
const lines = [];
const record = path.join(__dirname, path.basename(argv0) + '.jsonl');
const rec = (extra) => fs.appendFileSync(record, JSON.stringify({ argv0, args, lines, pid: process.pid, ...extra }) + '\\n');
let buffer = '';
let stage = 0;
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf('\\n')) >= 0) { const line = buffer.slice(0, nl); buffer = buffer.slice(nl + 1); onLine(line); }
});
process.stdin.on('end', () => { if (MODE !== 'hang') { rec({ eof: true }); process.exit(0); } });
function onLine(line) {
  lines.push(line);
  if (stage === 1) { rec({}); process.exit(0); }
  if (MODE === 'classic') { rec({}); process.exit(0); }
  const msg = JSON.parse(line);
  if (MODE === 'hang') { rec({}); setInterval(() => undefined, 1000); stage = 2; return; }
  if (MODE === 'stateless' || msg.command !== 'add') { rec({}); process.exit(0); }
  const keys = [msg.parameters.alert.data.srcip];
  process.stdout.write(JSON.stringify({ version: 1, origin: { name: path.basename(argv0), module: 'active-response' }, command: 'check_keys', parameters: { keys } }) + '\\n');
  stage = 1;
}
`;

/**
 * Writes `active-response/bin/<name>`: a two-line `#!/bin/sh` file (a test fixture; the executor never runs a
 * shell itself) handing `$0`, the mode and its arguments to the Node recorder, so the record shows exactly the
 * argv execd-style spawning gave the script.
 */
export function writeRecordingScript(home: string, name: string, mode: ScriptMode): void {
  const recorder = path.join(home, 'records', 'recorder.js');
  if (!existsSync(recorder)) writeFileSync(recorder, RECORDER);
  const file = path.join(home, 'active-response/bin', name);
  writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${recorder}' "$0" '${mode}' "$@"\n`);
  chmodSync(file, 0o755);
}

/** Every run of a recording script so far. */
export function scriptRuns(home: string, name: string): ScriptRun[] {
  const file = path.join(home, 'records', `${name}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ScriptRun);
}

/** Removes a home made by {@link makeAgentHome}. */
export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}


/** One run of a {@link writeTimedScript} script: when (epoch ms, after the check_keys reply), what, for which srcip. */
export interface TimedRun {
  readonly at: number;
  readonly command: string;
  readonly srcip: string;
  /** The add's check_keys reply (`continue`/`abort`, `''` when stdin ended first); undefined for a delete. */
  readonly reply?: string;
}

/**
 * Writes `active-response/bin/<name>`: a stateful 4.2+ script in bash builtins only (no fork, no Node start, so
 * thousands of runs stay cheap) that answers check_keys with `[data.srcip]` and appends one line per run to
 * `records/<name>.log`: `<epoch seconds.micros> <command> <srcip> <reply or ->`.
 * A trap (see {@link armScriptTrap}): an add answered `continue` for an armed srcip disarms it, records, and then
 * holds the add open for `trapHoldSeconds`, so a test sees "the add ran, its timer request is not yet published"
 * in the record and can kill the executor exactly there.
 */
export function writeTimedScript(home: string, name: string, trapHoldSeconds = 20): void {
  const log = path.join(home, 'records', `${name}.log`);
  const traps = path.join(home, 'records', 'traps');
  mkdirSync(traps, { recursive: true });
  const file = path.join(home, 'active-response/bin', name);
  writeFileSync(
    file,
    `#!/bin/bash
LC_ALL=C
IFS= read -r line || exit 0
rest=\${line#*\\"command\\":\\"}; cmd=\${rest%%\\"*}
rest=\${line#*\\"srcip\\":\\"}; ip=\${rest%%\\"*}
if [[ $cmd != add ]]; then printf '%s %s %s -\\n' "$EPOCHREALTIME" "$cmd" "$ip" >> '${log}'; exit 0; fi
printf '{"version":1,"origin":{"name":"%s","module":"active-response"},"command":"check_keys","parameters":{"keys":["%s"]}}\\n' "\${0##*/}" "$ip"
IFS= read -r reply || reply=
rest=\${reply#*\\"command\\":\\"}; reply=\${rest%%\\"*}
armed='${traps}'/"$ip"
if [[ $reply == continue && -e $armed ]]; then
  rm -f "$armed"
  printf '%s add %s %s\\n' "$EPOCHREALTIME" "$ip" "$reply" >> '${log}'
  exec sleep ${trapHoldSeconds}
fi
printf '%s add %s %s\\n' "$EPOCHREALTIME" "$ip" "$reply" >> '${log}'
`,
  );
  chmodSync(file, 0o755);
}

/** Arms the trap of a {@link writeTimedScript} script for one srcip (once: the first add that continues disarms it). */
export function armScriptTrap(home: string, srcip: string): void {
  writeFileSync(path.join(home, 'records', 'traps', srcip), '');
}

/** Every run of a {@link writeTimedScript} script so far, in record order. */
export function timedRuns(home: string, name: string): TimedRun[] {
  const file = path.join(home, 'records', `${name}.log`);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  // A line being appended right now is left for the next read.
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [at, command, srcip, reply] = l.split(' ');
      return { at: Math.round(Number(at) * 1000), command, srcip, ...(reply !== '-' && { reply }) };
    });
}
