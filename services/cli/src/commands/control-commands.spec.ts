import { createServer as createHttpServer, type Server } from 'node:http';
import type { CliIo } from '../cli-io';
import { freePort } from '@riposte/testing';
import { runCli } from '../main';
import { EXIT } from './control-api.client';

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readFile: async () => '',
    readStdin: async () => '',
  };
  return io;
}

describe('the control-plane commands in `riposte`', () => {
  it('are listed in the global help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    for (const name of ['agents', 'active', 'unblock', 'run', 'tail']) expect(io.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it.each(['agents', 'active', 'unblock', 'run', 'tail'])('%s --help prints its usage, options and exit codes', async (name) => {
    const io = captureIo();
    expect(await runCli([name, '--help'], io)).toBe(EXIT.ok);
    expect(io.out).toMatch(new RegExp(`^Usage: riposte ${name}`));
    expect(io.out).toMatch(/-h, --help/);
    expect(io.out).toMatch(/Exits 0/);
  });

  it('write whole lines to the CLI streams and say when the API does not answer (exit 3)', async () => {
    const port = await freePort(); // nothing listens on it once released
    const io = captureIo();
    expect(await runCli(['run', '--api', `http://127.0.0.1:${port}`, '-a', '-f', 'firewall-drop600'], io)).toBe(EXIT.unreachable);
    expect(io.err).toBe(`riposte run: cannot reach the control API at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('refuse a wrong command line with exit 2 and the usage', async () => {
    const io = captureIo();
    expect(await runCli(['unblock'], io)).toBe(EXIT.usage);
    expect(io.err).toMatch(/^riposte unblock: give an active response id/);
    expect(io.err).toMatch(/Usage: riposte unblock/);
  });
});

describe('the control-plane commands check what the API answers (ControlApiV1 schemas)', () => {
  let server: Server;
  let url: string;
  let answer: unknown;

  beforeAll(async () => {
    server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('exit 1 naming the fields when a 2xx body is not the route\'s', async () => {
    answer = { data: { affected_items: [{ id: '001', name: 'h', os: 'linux', version: 'v', status: 'online', active: 'yes', arDisabled: false, enrolled: false }], total_affected_items: 1 }, message: 'm' };
    const io = captureIo();
    expect(await runCli(['agents', '--api', url], io)).toBe(EXIT.failed);
    expect(io.out).toBe('');
    expect(io.err).toBe(
      "riposte agents: GET /agents answered 200 with a body that is not the control API's: data.affected_items.0.lastSeen: Required; data.affected_items.0.active: Expected boolean, received string\n",
    );
  });

  it('prints a valid body, and with --json exactly what the API sent', async () => {
    answer = { data: { affected_items: [], total_affected_items: 0, total_failed_items: 1, failed_items: [{ error: { code: 1701, message: 'Agent does not exist' }, id: ['099'] }] }, message: 'AR command was not sent to any agent', error: 1, extra: 'kept' };
    const io = captureIo();
    expect(await runCli(['run', '--api', url, '-u', '099', '-f', 'firewall-drop600'], io)).toBe(EXIT.failed);
    expect(io.out).toBe('Not sent to 099: (1701) Agent does not exist\nAR command was not sent to any agent\n');
    const json = captureIo();
    expect(await runCli(['run', '--api', url, '-u', '099', '-f', 'firewall-drop600', '--json'], json)).toBe(EXIT.failed);
    expect(JSON.parse(json.out)).toEqual(answer);
  });
});

