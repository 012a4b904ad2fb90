#!/usr/bin/env node
// `npm test`: build, lint, make sure a real Kafka broker and a real Redis answer (starting local ones when none is
// configured), run every project's tests through Nx, stop what it started, and close with `N passed, N failed`.
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const started = [];

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

function answers(hostPort, timeoutMs = 1000) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function dockerAnswers() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function ensureKafka(env) {
  const brokers = env.KAFKA_BROKERS || '127.0.0.1:9092';
  if (await answers(brokers.split(',')[0])) return (env.KAFKA_BROKERS = brokers);
  if (!env.KAFKA_BROKERS && dockerAnswers()) return (env.RIPOSTE_TRY_DOCKER = '1'); // testcontainers in globalSetup
  if (run('bash', [path.join(root, 'deploy/kafka-local/kafka-up.sh')], env) !== 0) throw new Error('could not start a local Kafka broker');
  started.push(() => run('bash', [path.join(root, 'deploy/kafka-local/kafka-down.sh')], env));
  env.KAFKA_BROKERS = brokers;
}

async function ensureRedis(env) {
  if (env.REDIS_URL) return;
  env.REDIS_URL = 'redis://127.0.0.1:6379';
  if (await answers('127.0.0.1:6379')) return;
  if (!env.RIPOSTE_TRY_DOCKER) {
    const r = run('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
    if (r !== 0) throw new Error('no Redis answers at 127.0.0.1:6379 and redis-server could not be started (apt-get install redis-server)');
    started.push(() => run('redis-cli', ['-p', '6379', 'shutdown', 'nosave']));
  } else delete env.REDIS_URL;
}

async function main() {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', KAFKAJS_NO_PARTITIONER_WARNING: '1' };
  let code = run('npm', ['run', '--silent', 'build']) || run('npm', ['run', '--silent', 'lint']);
  if (code !== 0) {
    console.log('0 passed, 1 failed');
    return code;
  }
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-test-')), 'results.jsonl');
  try {
    await ensureKafka(env);
    await ensureRedis(env);
    const extra = process.argv.slice(2);
    code = run('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=static', ...extra], { ...env, RIPOSTE_TEST_RESULTS: results });
  } finally {
    for (const stop of started.reverse()) stop();
  }
  const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const sum = (k) => lines.reduce((n, l) => n + l[k], 0);
  const passed = sum('passed');
  const failed = sum('failed') + (code !== 0 && sum('failed') === 0 ? 1 : 0);
  const skipped = sum('skipped');
  console.log(`\nTest projects: ${lines.length}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return code !== 0 || failed > 0 ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e.message); console.log('0 passed, 1 failed'); process.exit(1); });
