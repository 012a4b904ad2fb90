import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './fixtures';
import { waitFor } from './wait-for';

/**
 * A service running as a real process from its TypeScript sources (`tools/ts-register.js`), for end-to-end
 * tests that kill and restart services. Output is kept for failure messages.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  output = '';

  constructor(readonly name: string, private readonly service: string, private readonly env: NodeJS.ProcessEnv) {}

  start(): this {
    const main = path.join(repoRoot, 'services', this.service, 'src/main.ts');
    this.output = '';
    const child = spawn(process.execPath, ['-r', path.join(repoRoot, 'tools/ts-register.js'), main], {
      env: { ...process.env, LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-20000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    return this;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the service's output contains `text` (e.g. its "started" log line). */
  async waitForOutput(text: string | RegExp, timeoutMs = 30000): Promise<void> {
    await waitFor(() => {
      if (!this.running) throw new Error(`${this.name} exited:\n${this.output.slice(-3000)}`);
      return typeof text === 'string' ? this.output.includes(text) : text.test(this.output);
    }, { timeoutMs, message: `${this.name} printed ${text}` }).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- ${this.name} output ---\n${this.output.slice(-3000)}`);
    });
  }

  /** SIGTERM (graceful) or SIGKILL, and wait for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
