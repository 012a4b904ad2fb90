import { createFirewallDrop } from '../scripts/firewall-drop.script';
import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { createMemoryArLog } from './ar-log';
import { CommandSpawnError, createExecRunner } from './command-runner';
import { createDryRunRunner } from './dry-run.runner';
import { createRecordingRunner } from './recording.runner';

describe('command runners', () => {
  it('the dry-run runner logs the command and its stdin, and reports success', async () => {
    const log = createMemoryArLog();
    const runner = createDryRunRunner((m) => log.write('active-response/bin/ipf', m));
    expect(await runner.run('ipf', ['-f', '-'], { stdin: 'block in quick from 1.2.3.4 to any\n' })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(log.messages()).toEqual(['Dry run: ipf -f -', 'Dry run: stdin: block in quick from 1.2.3.4 to any']);
  });
  it('a script in dry run logs its commands instead of running them', async () => {
    const messages: string[] = [];
    const run = await runInMemory(createFirewallDrop('firewall-drop'), withSrcip('10.0.0.1'), { runner: createDryRunRunner((m) => messages.push(m)), dryRun: true });
    expect(messages).toEqual(['Dry run: iptables -I INPUT -s 10.0.0.1 -j DROP', 'Dry run: iptables -I FORWARD -s 10.0.0.1 -j DROP']);
    expect(run.calls).toEqual([]);
  });
  it('the recording runner records argv and stdin and answers as told', async () => {
    const runner = createRecordingRunner((c) => (c.file === 'x' ? { code: 3, stdout: 'out' } : undefined));
    expect(await runner.run('x', ['a b'], { stdin: 'in' })).toEqual({ code: 3, stdout: 'out', stderr: '' });
    expect(runner.calls).toEqual([{ file: 'x', args: ['a b'], stdin: 'in' }]);
  });
});

describe('the real exec runner', () => {
  const runner = createExecRunner();
  it('passes arguments verbatim, never through a shell', async () => {
    expect(await runner.run('printf', ['%s|', '$(id)', '1.2.3.4;rm -rf /', '`x`'])).toEqual({ code: 0, stdout: '$(id)|1.2.3.4;rm -rf /|`x`|', stderr: '' });
  });
  it('feeds stdin and reports the exit code', async () => {
    expect(await runner.run('cat', [], { stdin: 'hello\n' })).toMatchObject({ code: 0, stdout: 'hello\n' });
    expect((await runner.run('false', [])).code).toBe(1);
  });
  it('rejects with CommandSpawnError when the file cannot be started', async () => {
    await expect(runner.run('/nonexistent/iptables', [])).rejects.toBeInstanceOf(CommandSpawnError);
  });
  it('kills a command past its timeout', async () => {
    expect((await createExecRunner({ timeoutMs: 100 }).run('sleep', ['5'])).code).toBe(137);
  });
  it('prefixes every command (ip netns exec …)', async () => {
    expect((await createExecRunner({ prefix: ['env', 'RIPOSTE_X=1'] }).run('printenv', ['RIPOSTE_X'])).stdout).toBe('1\n');
  });
});
