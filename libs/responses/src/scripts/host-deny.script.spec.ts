import * as fs from 'node:fs';
import * as path from 'node:path';
import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { tempDir } from '../testing/system';
import { hostDeny, lineBlocks } from './host-deny.script';
import { ipCustomblock } from './ip-customblock.script';

describe('host-deny (spec §4) under a temporary root', () => {
  const tmp = tempDir();
  const etc = path.join(tmp.dir, 'etc');
  const file = path.join(etc, 'hosts.deny');
  const initial = '# /etc/hosts.deny\nALL:10.1.2.30\n';
  beforeEach(() => {
    fs.mkdirSync(etc, { recursive: true });
    fs.writeFileSync(file, initial);
    fs.writeFileSync(path.join(etc, 'hosts.allow'), '');
  });
  afterAll(() => tmp.cleanup());

  it('appends ALL:<ip>, keeping 10.1.2.30 apart from 10.1.2.3', async () => {
    const run = await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${initial}ALL:10.1.2.3\n`);
    expect(run.messages.slice(-1)).toEqual(['Ended']);
  });
  it('refuses an ip already present', async () => {
    await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir });
    const again = await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir });
    expect(again.messages.slice(-1)).toEqual(["IP 10.1.2.3 already exists on '/etc/hosts.deny'"]);
    expect(again.exitCode).toBe(-1);
  });
  it('writes IPv6 in brackets, the form tcp_wrappers reads', async () => {
    await runInMemory(hostDeny, withSrcip('2001:db8::7'), { root: tmp.dir });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${initial}ALL:[2001:db8::7]\n`);
  });
  it('deletes only the lines blocking that ip', async () => {
    fs.writeFileSync(file, `${initial}ALL:10.1.2.3\nALL:[2001:db8::7]\nALL:2001:db8::7\n`);
    const run = await runInMemory(hostDeny, withSrcip('10.1.2.3', 'delete'), { root: tmp.dir });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${initial}ALL:[2001:db8::7]\nALL:2001:db8::7\n`);
    await runInMemory(hostDeny, withSrcip('2001:db8::7', 'delete'), { root: tmp.dir });
    expect(fs.readFileSync(file, 'utf8')).toBe(initial);
    expect(run.printed).toEqual([]);
  });
  it('uses hosts.allow with ": deny" on FreeBSD', async () => {
    await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir, platform: { sysname: 'FreeBSD' } });
    expect(fs.readFileSync(path.join(etc, 'hosts.allow'), 'utf8')).toBe('ALL : 10.1.2.3 : deny\n');
  });
  it('logs Could not open file when the file is missing', async () => {
    fs.rmSync(file);
    const run = await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir });
    expect(run.messages.slice(-1)).toEqual(["Could not open file '/etc/hosts.deny'"]);
  });
  it('only logs in dry run', async () => {
    const run = await runInMemory(hostDeny, withSrcip('10.1.2.3'), { root: tmp.dir, dryRun: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(initial);
    expect(run.messages).toContain("Dry run: append 'ALL:10.1.2.3' to '/etc/hosts.deny'");
  });
  it('matches whole addresses only', () => {
    expect(lineBlocks('ALL:10.1.2.30', '10.1.2.3')).toBe(false);
    expect(lineBlocks('sshd: 10.1.2.3, 10.9.9.9', '10.1.2.3')).toBe(true);
    expect(lineBlocks('ALL:[2001:db8::70]', '2001:db8::7')).toBe(false);
  });
});

describe('ip-customblock (spec §4) under a temporary root', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  it('creates and removes /ipblock/<ip>', async () => {
    await runInMemory(ipCustomblock, withSrcip('10.1.2.3'), { root: tmp.dir });
    expect(fs.readFileSync(path.join(tmp.dir, 'ipblock', '10.1.2.3'), 'utf8')).toBe('');
    await runInMemory(ipCustomblock, withSrcip('10.1.2.3', 'delete'), { root: tmp.dir });
    expect(fs.existsSync(path.join(tmp.dir, 'ipblock', '10.1.2.3'))).toBe(false);
  });
  it('logs Error deleting when the file is missing', async () => {
    const run = await runInMemory(ipCustomblock, withSrcip('10.9.9.9', 'delete'), { root: tmp.dir });
    expect(run.messages.slice(-1)).toEqual(['Error deleting /ipblock/10.9.9.9 file']);
    expect(run.exitCode).toBe(-1);
  });
  it('never leaves the root for ../../etc/passwd', async () => {
    const run = await runInMemory(ipCustomblock, withSrcip('../../etc/passwd'), { root: tmp.dir });
    expect(run.messages.slice(-1)).toEqual(["Cannot read 'srcip' from data"]);
    expect(fs.existsSync(path.join(tmp.dir, 'ipblock'))).toBe(true);
    expect(fs.readdirSync(path.join(tmp.dir, 'ipblock'))).toEqual([]);
  });
});
