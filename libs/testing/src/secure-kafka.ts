import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Kafka, KafkaConfig } from 'kafkajs';
import { createKafka, kafkaConfigFromEnv } from '@riposte/bus';
import { repoRoot } from './fixtures';

const run = promisify(execFile);

/** Where `deploy/kafka-local/kafka-up.sh --secure` listens (SASL/SCRAM-SHA-512, StandardAuthorizer). */
export const SECURE_KAFKA_BROKERS = '127.0.0.1:9094';

interface Credentials {
  brokers: string;
  mechanism: string;
  users: Record<string, string>;
}

/** The secure local broker, for ACL tests. `stop()` stops it only when this process started (or adopted) it. */
export interface SecureKafka {
  readonly brokers: string;
  /** Whether `stop()` will stop the broker: started here, or left by a crashed run. */
  readonly owned: boolean;
  /** The KAFKA_* environment a service would get to log in as `user`. */
  envFor(user: string): NodeJS.ProcessEnv;
  /** A kafkajs client logged in as `user`, built the way services build theirs (`kafkaConfigFromEnv`). */
  kafkaAs(user: string, extra?: Partial<KafkaConfig>): Kafka;
  /** Runs `deploy/kafka-acls.sh <namespace> <agent ids...>`. */
  applyAcls(namespace: string, agentIds: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

function answers(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Starts the secure broker unless it runs already. A running one is reused; it is stopped at the end only if its
 * recorded owner (`owner.pid`, the test process that started it) is gone, i.e. it was left by a crashed run. One a
 * developer started by hand (no owner file) or another live run owns is left running.
 */
export async function startSecureKafka(): Promise<SecureKafka> {
  const dir = process.env.KAFKA_SECURE_HOME_DIR ?? path.join(repoRoot, '.kafka-local-secure');
  const ownerFile = path.join(dir, 'owner.pid');
  const scripts = path.join(repoRoot, 'deploy');
  let owned: boolean;
  if (await answers(SECURE_KAFKA_BROKERS)) {
    const pid = readPid(path.join(dir, 'kafka.pid'));
    const cmdline = pid && existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    if (!cmdline.includes('kafka.Kafka')) {
      throw new Error(`something answers at ${SECURE_KAFKA_BROKERS} but it is not the broker of ${dir}/kafka.pid; stop it first`);
    }
    const owner = readPid(ownerFile);
    owned = owner !== undefined && !alive(owner);
  } else {
    owned = true;
  }
  if (owned) {
    // Recorded before the start, so that a run killed while the broker boots still leaves an adoptable broker.
    mkdirSync(dir, { recursive: true });
    writeFileSync(ownerFile, `${process.pid}\n`);
    try {
      await run('bash', [path.join(scripts, 'kafka-local/kafka-up.sh'), '--secure'], { cwd: repoRoot, timeout: 200_000 });
    } catch (cause) {
      // kafka-up.sh leaves a broker that did not become ready running; this run owns it, so it goes now.
      await run('bash', [path.join(scripts, 'kafka-local/kafka-down.sh'), '--secure'], { cwd: repoRoot, timeout: 60_000 }).catch(() => undefined);
      const out = cause as { stdout?: string; stderr?: string };
      throw new Error(`kafka-up.sh --secure failed: ${out.stderr || out.stdout || (cause as Error).message}`);
    }
  }
  const creds = JSON.parse(readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as Credentials;

  const envFor = (user: string): NodeJS.ProcessEnv => {
    const password = creds.users[user];
    if (!password) throw new Error(`no principal '${user}' on the secure broker (users: ${Object.keys(creds.users).join(', ')})`);
    return { KAFKA_BROKERS: creds.brokers, KAFKA_SASL_MECHANISM: creds.mechanism, KAFKA_SASL_USERNAME: user, KAFKA_SASL_PASSWORD: password };
  };
  return {
    brokers: creds.brokers,
    owned,
    envFor,
    kafkaAs: (user, extra = {}) =>
      createKafka({ ...kafkaConfigFromEnv(envFor(user), `acl-test-${user}`), retry: { initialRetryTime: 100, retries: 2 }, ...extra }),
    applyAcls: async (namespace, agentIds) => {
      await run('bash', [path.join(scripts, 'kafka-acls.sh'), namespace, ...agentIds], { cwd: repoRoot, timeout: 120_000 });
    },
    stop: async () => {
      if (!owned) return;
      await run('bash', [path.join(scripts, 'kafka-local/kafka-down.sh'), '--secure'], { cwd: repoRoot, timeout: 60_000 });
      rmSync(ownerFile, { force: true });
    },
  };
}
