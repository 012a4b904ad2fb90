import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRecordingRunner } from './ports/recording.runner';
import { runRestartSh } from './restart-sh';
import { tempDir } from './testing/system';

describe('restart.sh (spec §4)', () => {
  const tmp = tempDir();
  const home = path.join(tmp.dir, 'ossec');
  const root = path.join(tmp.dir, 'root');
  const stubs = path.join(tmp.dir, 'stubs');
  afterAll(() => tmp.cleanup());
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'run', 'systemd', 'system'), { recursive: true });
    fs.mkdirSync(path.join(root, 'proc', '1'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc', '1', 'comm'), 'systemd\n');
    fs.mkdirSync(stubs, { recursive: true });
    fs.writeFileSync(path.join(stubs, 'systemctl'), '', { mode: 0o755 });
  });
  const env = (respond?: Parameters<typeof createRecordingRunner>[0], systemd = true) => ({
    home,
    root,
    env: { PATH: systemd ? stubs : '/nonexistent' },
    runner: createRecordingRunner(respond),
    clock: () => new Date(2024, 0, 2, 3, 4, 5).getTime(),
    sleep: async () => undefined,
  });

  it('restarts through systemctl and logs the call like the shell script', async () => {
    const e = env();
    expect(await runRestartSh(['agent'], e)).toBe(0);
    expect(e.runner.lines()).toEqual(['systemctl restart wazuh-agent']);
    expect(fs.readFileSync(path.join(home, 'logs', 'active-responses.log'), 'utf8')).toBe('2024/01/02 03:04:05 active-response/bin/restart.sh agent    \n');
  });
  it('escapes control characters of its arguments in the log line (input hardening)', async () => {
    const e = env();
    const log = path.join(home, 'logs', 'active-responses.log');
    const before = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    await runRestartSh(['agent', 'restart', 'x\n2024/01/02 03:04:05 forged\x1b[2J'], e);
    expect(fs.readFileSync(log, 'utf8').slice(before.length)).toBe('2024/01/02 03:04:05 active-response/bin/restart.sh agent restart x\\n2024/01/02 03:04:05 forged\\x1b[2J  \n');
  });
  it('checks the ruleset first on a manager', async () => {
    const e = env((c) => (c.file.endsWith('wazuh-logtest-legacy') ? { code: 1 } : undefined));
    expect(await runRestartSh(['manager', 'restart'], e)).toBe(1);
    expect(e.runner.lines()).toEqual([`${home}/bin/wazuh-logtest-legacy -t`]);
  });
  it('waits for active before a reload', async () => {
    let n = 0;
    const e = env((c) => (c.args[0] === 'is-active' ? { stdout: ++n < 3 ? 'activating\n' : 'active\n' } : undefined));
    expect(await runRestartSh(['agent', 'reload'], e)).toBe(0);
    expect(e.runner.lines()).toEqual([...Array(3).fill('systemctl is-active wazuh-agent'), 'systemctl is-active --quiet wazuh-agent', 'systemctl reload wazuh-agent']);
  });
  it('uses bin/wazuh-control without systemd', async () => {
    const e = env(undefined, false);
    await runRestartSh(['agent', 'reload'], e);
    expect(e.runner.lines()).toEqual([`${home}/bin/wazuh-control reload`]);
  });
  it('refuses other types', async () => expect(await runRestartSh(['x'], env())).toBe(1));
});
