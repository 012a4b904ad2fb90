import * as fs from 'node:fs';
import * as path from 'node:path';
import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { tempDir } from '../testing/system';
import { ipfw, ipfwMac } from './ipfw.script';
import { npf } from './npf.script';
import { pf } from './pf.script';

describe('pf (spec §4)', () => {
  const tmp = tempDir();
  const conf = path.join(tmp.dir, 'etc', 'pf.conf');
  beforeEach(() => {
    fs.mkdirSync(path.join(tmp.dir, 'etc'), { recursive: true });
    fs.mkdirSync(path.join(tmp.dir, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, 'dev', 'pf'), '');
    fs.writeFileSync(conf, 'pass all\n');
  });
  afterAll(() => tmp.cleanup());
  const opts = (stdout = 'Status: Enabled for 0 days') => ({ root: tmp.dir, platform: { sysname: 'OpenBSD' }, respond: () => ({ stdout }) });

  it('adds the table to pf.conf once, loads it, then adds and kills states', async () => {
    const run = await runInMemory(pf, withSrcip('10.1.2.3'), opts());
    expect(fs.readFileSync(conf, 'utf8')).toBe(
      'pass all\ntable <wazuh_fwtable> persist #wazuh_fwtable\nblock in quick from <wazuh_fwtable> to any\nblock out quick from any to <wazuh_fwtable>\n',
    );
    expect(run.commands).toEqual([`pfctl -f ${conf}`, 'pfctl -s info', 'pfctl -t wazuh_fwtable -T add 10.1.2.3', 'pfctl -k 10.1.2.3']);
    expect(run.messages).toContain("Table 'wazuh_fwtable' does not exist");
    const del = await runInMemory(pf, withSrcip('10.1.2.3', 'delete'), opts());
    expect(del.commands).toEqual(['pfctl -t wazuh_fwtable -T delete 10.1.2.3']);
  });
  it('warns (rule 658) when pf is disabled', async () => {
    const run = await runInMemory(pf, withSrcip('10.1.2.3'), opts('Status: Disabled'));
    expect(run.messages).toContain('{"message":"Active response may not have an effect","profile":"default","status":"inactive","script":"pf"}');
  });
  it('exits 0 without /dev/pf', async () => {
    fs.rmSync(path.join(tmp.dir, 'dev', 'pf'));
    const run = await runInMemory(pf, withSrcip('10.1.2.3'), opts());
    expect(run.messages.slice(-1)).toEqual(["The file '/dev/pf' is not accessible"]);
    expect(run.commands).toEqual([]);
  });
  it('logs Invalid system on Linux', async () => {
    expect((await runInMemory(pf, withSrcip('10.1.2.3'), { root: tmp.dir })).messages.slice(-2)).toEqual(['Invalid system', 'Ended']);
  });
});

describe('ipfw (spec §4, FreeBSD)', () => {
  const platform = { sysname: 'FreeBSD' };
  it('creates the table rules when missing, then adds', async () => {
    const run = await runInMemory(ipfw, withSrcip('10.1.2.3'), { platform });
    expect(run.commands).toEqual([
      'ipfw show',
      'ipfw -q 00001 add deny ip from table(00001) to any',
      'ipfw -q 00001 add deny ip from any to table(00001)',
      'ipfw -q table 00001 add 10.1.2.3',
    ]);
  });
  it('skips the table rules when present, and deletes', async () => {
    const respond = () => ({ stdout: '00001 0 0 deny ip from table(00001) to any\n' });
    expect((await runInMemory(ipfw, withSrcip('10.1.2.3', 'delete'), { platform, respond })).commands).toEqual(['ipfw show', 'ipfw -q table 00001 delete 10.1.2.3']);
  });
});

describe('ipfw_mac (Mac OS X ipfw)', () => {
  const platform = { sysname: 'Darwin' };
  it('adds two set-2 rules and enables the set', async () => {
    expect((await runInMemory(ipfwMac, withSrcip('10.1.2.3'), { platform })).commands).toEqual([
      'ipfw -q add set 2 deny ip from 10.1.2.3 to any',
      'ipfw -q add set 2 deny ip from any to 10.1.2.3',
      'ipfw -q set enable 2',
    ]);
  });
  it('deletes the set-2 rules naming the ip', async () => {
    const show = '00100 set 2 deny ip from 10.1.2.3 to any\n00200 set 2 deny ip from any to 10.1.2.3\n00300 set 2 deny ip from 10.1.2.30 to any\n00400 set 1 deny ip from 10.1.2.3 to any\n';
    const run = await runInMemory(ipfwMac, withSrcip('10.1.2.3', 'delete'), { platform, respond: () => ({ stdout: show }) });
    expect(run.commands).toEqual(['ipfw -S show', 'ipfw -q delete 00100', 'ipfw -q delete 00200']);
  });
});

describe('npf (spec §4)', () => {
  const show = 'filtering:\tactive\nconfig:\tloaded\ntable <wazuh_blacklist> type hash\n';
  it('checks npfctl show twice, then adds and deletes in wazuh_blacklist', async () => {
    expect((await runInMemory(npf, withSrcip('10.1.2.3'), { respond: () => ({ stdout: show }) })).commands).toEqual([
      'npfctl show',
      'npfctl show',
      'npfctl table wazuh_blacklist add 10.1.2.3',
    ]);
    expect((await runInMemory(npf, withSrcip('10.1.2.3', 'delete'), { respond: () => ({ stdout: show }) })).commands.slice(-1)).toEqual([
      'npfctl table wazuh_blacklist del 10.1.2.3',
    ]);
  });
  it.each([
    ['filtering:\tinactive\n', 'The filter property is inactive'],
    ['config: loaded\n', "Unable to find 'filtering'"],
    ['filtering:\tactive\n', "Unable to find 'table <wazuh_blacklist>'"],
  ])('stops on %j', async (stdout, line) => {
    const run = await runInMemory(npf, withSrcip('10.1.2.3'), { respond: () => ({ stdout }) });
    expect(run.messages.slice(-1)).toEqual([line]);
    expect(run.exitCode).toBe(-1);
  });
});
