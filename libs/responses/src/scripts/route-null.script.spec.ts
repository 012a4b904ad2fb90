import { withSrcip } from '../testing/messages';
import { runInMemory } from '../testing/run-in-memory';
import { defaultGateway, routeNull, routeNullWindows } from './route-null.script';

const IPCONFIG = [
  'Windows IP Configuration',
  '',
  'Ethernet adapter Ethernet:',
  '   IPv4 Address. . . . . . . . . . . : 192.168.1.20\r',
  '   Default Gateway . . . . . . . . . : 192.168.1.1\r',
  '',
].join('\n');

describe('route-null (spec §4)', () => {
  it('rejects on Linux and deletes the same route', async () => {
    expect((await runInMemory(routeNull, withSrcip('10.1.2.3'))).commands).toEqual(['route add 10.1.2.3 reject']);
    expect((await runInMemory(routeNull, withSrcip('10.1.2.3', 'delete'))).commands).toEqual(['route del 10.1.2.3 reject']);
  });
  it('blackholes through 127.0.0.1 on FreeBSD', async () => {
    const platform = { sysname: 'FreeBSD' };
    expect((await runInMemory(routeNull, withSrcip('10.1.2.3'), { platform })).commands).toEqual(['route -q add 10.1.2.3 127.0.0.1 -blackhole']);
    expect((await runInMemory(routeNull, withSrcip('10.1.2.3', 'delete'), { platform })).commands).toEqual(['route -q delete 10.1.2.3 127.0.0.1 -blackhole']);
  });
  it('logs the missing binary and still tries the bare name', async () => {
    const run = await runInMemory(routeNull, withSrcip('10.1.2.3'), { missing: ['route'] });
    expect(run.messages).toContain("Binary 'route' not found in default paths, the full path will not be used.");
    expect(run.commands).toEqual(['route add 10.1.2.3 reject']);
  });
});

describe('route-null.exe (spec §4, win_route-null)', () => {
  const platform = { sysname: 'Windows_NT', windowsVistaOrLater: true, windir: 'C:\\Windows' };
  it('finds the gateway in ipconfig output', () => expect(defaultGateway(IPCONFIG)).toBe('192.168.1.1'));
  it('adds a persistent host route through the default gateway', async () => {
    const run = await runInMemory(routeNullWindows, withSrcip('10.1.2.3'), { platform, respond: (c) => (c.file.endsWith('ipconfig.exe') ? { stdout: IPCONFIG } : undefined) });
    expect(run.commands).toEqual(['C:\\Windows\\system32\\ipconfig.exe', 'route.exe -p ADD 10.1.2.3 MASK 255.255.255.255 192.168.1.1']);
  });
  it("stops with Couldn't get default gateway", async () => {
    const run = await runInMemory(routeNullWindows, withSrcip('10.1.2.3'), { platform });
    expect(run.messages.slice(-1)).toEqual(["Couldn't get default gateway"]);
    expect(run.exitCode).toBe(-1);
  });
  it('deletes with route.exe DELETE', async () => {
    expect((await runInMemory(routeNullWindows, withSrcip('10.1.2.3', 'delete'), { platform })).commands).toEqual(['route.exe DELETE 10.1.2.3']);
  });
});
