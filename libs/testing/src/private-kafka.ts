import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { createKafka, kafkaConfigFromEnv } from '@riposte/bus';
import { repoRoot } from './fixtures';
import { freePort } from './free-port';

const run = promisify(execFile);

/**
 * A broker of this test's own (`deploy/kafka-local`, its own dir and ports), for a test that restarts or kills
 * it: the shared broker on 9092 serves every other test and must never go down.
 */
export interface PrivateKafka {
  readonly brokers: string;
  /** A kafkajs client on it. */
  kafka(clientId?: string): Kafka;
  /** Stops the broker (SIGTERM, controlled shutdown) and starts it again on the same data and ports. */
  restart(): Promise<{ downMs: number }>;
  /** Stops it and removes its dir. */
  stop(): Promise<void>;
}

/**
 * Starts a single-node KRaft broker on two free ports, in a temporary dir, with the jars of the repository's
 * jar cache (`<repo>/.kafka-local/lib`, resolved from Maven the first time, shared with the main broker).
 */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const dir = mkdtempSync(path.join(tmpdir(), 'riposte-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const brokers = `127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    KAFKA_HOME_DIR: dir,
    KAFKA_CACHE_DIR: path.join(repoRoot, '.kafka-local'),
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    // The test probes the broker itself; Kafka's TopicCommand would cost one more JVM start per (re)start.
    KAFKA_READY_CHECK: 'tcp',
  };
  const script = (name: string) => path.join(repoRoot, 'deploy/kafka-local', name);
  const up = (extra: NodeJS.ProcessEnv = {}) => run('bash', [script('kafka-up.sh')], { env: { ...env, ...extra }, timeout: 240_000 });
  const down = () => run('bash', [script('kafka-down.sh')], { env, timeout: 60_000 });
  // The broker runs detached (setsid): should this process end without stop(), it must not outlive it.
  const orphanGuard = () => {
    const pidFile = path.join(dir, 'kafka.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
    if (pid > 0) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', orphanGuard);
  try {
    await up();
  } catch (cause) {
    await down().catch(() => undefined);
    const out = cause as { stderr?: string; stdout?: string };
    throw new Error(`kafka-up.sh (private broker on ${brokers}) failed: ${out.stderr || out.stdout || (cause as Error).message}`);
  }
  return {
    brokers,
    kafka: (clientId = 'riposte-test-private') => createKafka({ ...kafkaConfigFromEnv({ KAFKA_BROKERS: brokers }, clientId), retry: { initialRetryTime: 100, retries: 8 } }),
    restart: async () => {
      const t0 = Date.now();
      await down();
      await up({ KAFKA_KEEP_DATA: '1' });
      return { downMs: Date.now() - t0 };
    },
    stop: async () => {
      await down().catch(() => undefined);
      process.removeListener('exit', orphanGuard);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
