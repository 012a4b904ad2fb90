import { BUILTIN_SCRIPTS } from '../registry';
import { aMessage } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';

const HOSTILE = ['1.2.3.4;rm -rf /', '-j ACCEPT', '../../etc/passwd', '1.2.3.4 -j ACCEPT', '$(reboot)', '`id`', '1.2.3.4\nALL:ALL', '', ' 1.2.3.4', '10.0.0.1/0'];
const srcipScripts = [...BUILTIN_SCRIPTS.entries()].filter(([name]) => !['disable-account', 'restart-wazuh', 'restart-wazuh.exe', 'wazuh-slack', 'wazuh-twitter', 'kaspersky'].includes(name));
const placements: [string, (v: string) => Record<string, unknown>][] = [
  ['data.srcip', (v) => ({ srcip: v })],
  ['win.eventdata.ipAddress', (v) => ({ srcip: '10.0.0.1', win: { eventdata: { ipAddress: v } } })],
  ['win.eventdata.destinationIp', (v) => ({ srcip: '10.0.0.1', win: { eventdata: { destinationIp: v } } })],
];

describe('injection attempts never reach a system call', () => {
  describe.each(srcipScripts)('%s', (_name, definition) => {
    it.each(placements)('refuses hostile values in %s for add and delete', async (_where, data) => {
      for (const value of HOSTILE) {
        for (const command of ['add', 'delete']) {
          const run = await runInMemory(definition, aMessage({ command, data: data(value) }));
          expect(run.commands).toEqual([]);
          expect(run.printed).toEqual([]);
          expect(run.messages.slice(-1)).toEqual(["Cannot read 'srcip' from data"]);
          expect(run.exitCode).toBe(-1);
        }
      }
    });
  });
  it.each(['root', '-l', '--stdin', '../../etc/passwd', 'a;rm -rf /', 'a b', '+x', '~x', 'a:b', 'x'.repeat(257), 'a/b', 'a\\b'])(
    'disable-account refuses dstuser %j',
    async (dstuser) => {
      const run = await runInMemory(BUILTIN_SCRIPTS.get('disable-account')!, aMessage({ data: { dstuser } }));
      expect(run.commands).toEqual([]);
      expect(run.messages.slice(-1)).toEqual(["Cannot read 'dstuser' from data"]);
    },
  );
  describe('control characters in any field a script receives (input hardening)', () => {
    const sshd = aMessage().parameters.alert as Record<string, unknown>;
    const alert = (o: Record<string, unknown>) => ({ ...sshd, ...o });
    it.each<[string, Record<string, unknown>, string]>([
      ['location', alert({ location: '/var/log/secure\n2022/05/11 12:29:20 active-response/bin/firewall-drop: Ended' }), "Invalid 'alert.location': control character \\n"],
      ['syscheck.path', alert({ syscheck: { path: '/etc/x\x1b[2J' } }), "Invalid 'alert.syscheck.path': control character \\x1b"],
      ['id', alert({ id: '1652272159.1549653\r' }), "Invalid 'alert.id': control character \\r"],
      ['rule.id', alert({ rule: { id: '5712\x00', level: 10 } }), "Invalid 'alert.rule.id': control character \\x00"],
      ['data.dstuser', alert({ data: { srcip: '172.17.1.1', dstuser: 'bob\x9b' } }), "Invalid 'alert.data.dstuser': control character \\x9b"],
      ['data.srcip (the script reads win.eventdata.ipAddress)', alert({ data: { srcip: '172.17.1.1\n', win: { eventdata: { ipAddress: '172.17.1.1' } } } }), "Invalid 'alert.data.srcip': control character \\n"],
    ])('firewall-drop refuses a control character in %s before any system call', async (_field, a, reason) => {
      for (const command of ['add', 'delete']) {
        const run = await runInMemory(BUILTIN_SCRIPTS.get('firewall-drop')!, aMessage({ command, alert: a }));
        expect(run.commands).toEqual([]);
        expect(run.printed).toEqual([]);
        expect(run.messages.slice(-1)).toEqual([reason]);
        expect(run.exitCode).toBe(-1);
      }
    });
    it.each(['bob\x1b[2J', 'bob\x00', 'bob\x7f', 'bob\u0085'])('disable-account refuses dstuser %j', async (dstuser) => {
      const run = await runInMemory(BUILTIN_SCRIPTS.get('disable-account')!, aMessage({ data: { dstuser } }));
      expect(run.commands).toEqual([]);
      expect(run.messages.slice(-1)).toEqual([expect.stringMatching(/^Invalid 'alert\.data\.dstuser': control character \\x/)]);
    });
    it('kaspersky and wazuh-slack refuse extra_args with a control character', async () => {
      const posts: string[] = [];
      const http = { post: async (u: string) => (posts.push(u), { status: 200, body: '' }) };
      for (const name of ['kaspersky', 'wazuh-slack']) {
        const run = await runInMemory(BUILTIN_SCRIPTS.get(name)!, aMessage({ extraArgs: ['https://hooks.slack.com/services/x', '--scan\n'] }), { http });
        expect(run.commands).toEqual([]);
        expect(run.messages.slice(-1)).toEqual(["Invalid 'extra_args.1': control character \\n"]);
      }
      expect(posts).toEqual([]);
    });
  });

  it.each(['1.2.3.4;rm -rf /', '-K', 'file:///etc/passwd', '../../etc/passwd'])('wazuh-slack posts nothing for the URL %j', async (url) => {
    const posts: string[] = [];
    const http = { post: async (u: string) => (posts.push(u), { status: 200, body: '' }) };
    const run = await runInMemory(BUILTIN_SCRIPTS.get('wazuh-slack')!, aMessage({ extraArgs: [url] }), { http });
    expect(posts).toEqual([]);
    expect(run.commands).toEqual([]);
    expect(run.exitCode).toBe(-1);
  });
});
