import { createServer } from 'node:net';
import type { CliIo } from '../cli-io';
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
    const port = await closedPort();
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

/** A port nothing listens on (taken from the kernel, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
