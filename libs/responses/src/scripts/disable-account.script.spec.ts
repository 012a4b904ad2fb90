import { withDstuser } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { aMessage } from '../testing/messages';
import { disableAccount } from './disable-account.script';
import { kaspersky } from './kaspersky.script';
import { restartWazuh, restartWazuhWindows } from './restart-wazuh.script';

describe('disable-account (spec §4)', () => {
  it.each(['Linux', 'SunOS'])('locks with passwd -l and unlocks with passwd -u on %s', async (sysname) => {
    const add = await runInMemory(disableAccount, withDstuser('paco'), { platform: { sysname } });
    expect(add.printed).toEqual(['{"version":1,"origin":{"name":"disable-account","module":"active-response"},"command":"check_keys","parameters":{"keys":["paco"]}}']);
    expect(add.commands).toEqual(['passwd -l paco']);
    expect((await runInMemory(disableAccount, withDstuser('paco', 'delete'), { platform: { sysname } })).commands).toEqual(['passwd -u paco']);
  });
  it('uses chuser on AIX', async () => {
    const platform = { sysname: 'AIX' };
    expect((await runInMemory(disableAccount, withDstuser('paco'), { platform })).commands).toEqual(['chuser account_locked=true paco']);
    expect((await runInMemory(disableAccount, withDstuser('paco', 'delete'), { platform })).commands).toEqual(['chuser account_locked=false paco']);
  });
  it('refuses root before the key exchange', async () => {
    const run = await runInMemory(disableAccount, withDstuser('root'));
    expect(run.messages.slice(-1)).toEqual(["Cannot read 'dstuser' from data"]);
    expect(run.printed).toEqual([]);
    expect(run.commands).toEqual([]);
  });
  it('exits 0 with Invalid system elsewhere', async () => {
    const run = await runInMemory(disableAccount, withDstuser('paco'), { platform: { sysname: 'Darwin' } });
    expect(run.messages.slice(-1)).toEqual(['Invalid system']);
    expect(run.exitCode).toBe(0);
  });
});

describe('restart-wazuh (spec §4)', () => {
  it('runs bin/wazuh-control restart for add and delete, without keys', async () => {
    for (const command of ['add', 'delete']) {
      const run = await runInMemory(restartWazuh, withDstuser('x', command), { home: '/var/ossec' });
      expect(run.commands).toEqual(['/var/ossec/bin/wazuh-control restart']);
      expect(run.printed).toEqual([]);
    }
  });
  it('runs net.exe stop then start Wazuh on Windows', async () => {
    const run = await runInMemory(restartWazuhWindows, withDstuser('x'), { platform: { sysname: 'Windows_NT', windir: 'C:\\Windows' } });
    expect(run.commands).toEqual(['C:\\Windows\\system32\\net.exe stop Wazuh', 'C:\\Windows\\system32\\net.exe start Wazuh']);
  });
});

describe('kaspersky (spec §4)', () => {
  it('runs kaspersky.py with the joined extra_args as one argument, for add and delete', async () => {
    for (const command of ['add', 'delete']) {
      const run = await runInMemory(kaspersky, aMessage({ command, extraArgs: ['--full_scan', '--path', '/tmp'] }), { home: '/var/ossec' });
      expect(run.calls).toEqual([{ file: 'python', args: ['/var/ossec/active-response/bin/kaspersky.py', '--full_scan --path /tmp'] }]);
      expect(run.printed).toEqual([]);
    }
  });
  it('falls back to python3, and stops without a Python', async () => {
    expect((await runInMemory(kaspersky, aMessage({ extraArgs: ['-s'] }), { missing: ['python'] })).calls[0].file).toBe('python3');
    const none = await runInMemory(kaspersky, aMessage({ extraArgs: ['-s'] }), { missing: ['python', 'python3'] });
    expect(none.messages.slice(-1)).toEqual(['Python binary not found']);
    expect(none.exitCode).toBe(-1);
  });
  it("needs extra_args: Cannot read 'extra_args' from data", async () =>
    expect((await runInMemory(kaspersky, aMessage())).messages.slice(-1)).toEqual(["Cannot read 'extra_args' from data"]));
});
