import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture } from '@riposte/testing';
import { memoryIo } from './cli-io';
import { type CliCommand, COMMANDS, EXIT } from './commands';
import { globalHelp, runCli } from './main';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('riposte (command dispatch)', () => {
  it('lists every registered command in the global help', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    expect(io.out).toBe(globalHelp());
    for (const c of COMMANDS) expect(io.out).toContain(`  ${c.name}`);
    expect(io.out).toMatch(/policy\s+check an ossec.conf/);
    expect(io.out).toMatch(/simulate\s+show what would be dispatched/);
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const io = memoryIo();
    expect(await runCli([], io)).toBe(EXIT.usage);
    expect(io.err).toContain('Usage: riposte <command>');
    expect(io.out).toBe('');
  });

  it('exits 2 on an unknown command', async () => {
    const io = memoryIo();
    expect(await runCli(['frobnicate'], io)).toBe(EXIT.usage);
    expect(io.err).toMatch(/^riposte: unknown command 'frobnicate'/);
  });

  it('shows a command help with `riposte help <command>`', async () => {
    const io = memoryIo();
    expect(await runCli(['help', 'simulate'], io)).toBe(EXIT.ok);
    expect(io.out).toMatch(/^Usage: riposte simulate/);
  });

  it('passes the arguments after the name to the command, and reports an unexpected error as exit 1', async () => {
    const seen: string[][] = [];
    const echo: CliCommand = { name: 'echo', summary: 's', help: 'h', run: async (argv) => (seen.push([...argv]), 7) };
    const boom: CliCommand = { name: 'boom', summary: 's', help: 'h', run: async () => Promise.reject(new Error('kaput')) };
    const io = memoryIo();
    expect(await runCli(['echo', 'a', '--b'], io, [echo, boom])).toBe(7);
    expect(seen).toEqual([['a', '--b']]);
    expect(await runCli(['boom'], io, [echo, boom])).toBe(EXIT.failure);
    expect(io.err).toMatch(/^riposte boom: unexpected error: Error: kaput/);
  });
});

describe('riposte as a process (smoke test, TypeScript sources through tools/ts-register.js)', () => {
  const conf = fixture('ok/ossec-conf/manager.conf');

  it('checks the default manager ossec.conf of the fixtures and exits 0', () => {
    expect(fs.existsSync(conf)).toBe(true);
    const run = spawnSync(
      process.execPath,
      ['-r', './tools/ts-register.js', 'services/cli/src/main.ts', 'policy', 'check', conf],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/OK — 6 commands, 0 responses, 3 white_list entries/);
  });
});
