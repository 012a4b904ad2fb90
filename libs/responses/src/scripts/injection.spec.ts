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
  it.each(['1.2.3.4;rm -rf /', '-K', 'file:///etc/passwd', '../../etc/passwd'])('wazuh-slack posts nothing for the URL %j', async (url) => {
    const posts: string[] = [];
    const http = { post: async (u: string) => (posts.push(u), { status: 200, body: '' }) };
    const run = await runInMemory(BUILTIN_SCRIPTS.get('wazuh-slack')!, aMessage({ extraArgs: [url] }), { http });
    expect(posts).toEqual([]);
    expect(run.commands).toEqual([]);
    expect(run.exitCode).toBe(-1);
  });
});
