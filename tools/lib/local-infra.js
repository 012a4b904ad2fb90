// Kafka and Redis for `npm start` and `npm test`: the configured ones, else those already on 127.0.0.1, else local
// ones started here (deploy/kafka-local, the system redis-server). Each start pushes its stop onto `stops`.
const { execFileSync, spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** True when something accepts TCP connections at host:port. */
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

/** Sets env.KAFKA_BROKERS; with `allowDocker`, leaves an unconfigured broker to testcontainers when Docker answers. */
async function ensureKafka(env, stops, { allowDocker = false } = {}) {
  const brokers = env.KAFKA_BROKERS || '127.0.0.1:9092';
  if (await answers(brokers.split(',')[0])) return void (env.KAFKA_BROKERS = brokers);
  if (allowDocker && !env.KAFKA_BROKERS && dockerAnswers()) return void (env.RIPOSTE_TRY_DOCKER = '1');
  const script = path.join(root, 'deploy/kafka-local');
  if (spawnSync('bash', [path.join(script, 'kafka-up.sh')], { stdio: 'inherit', env }).status !== 0) throw new Error('could not start a local Kafka broker (deploy/kafka-local/kafka-up.sh)');
  stops.push(() => spawnSync('bash', [path.join(script, 'kafka-down.sh')], { stdio: 'inherit', env }));
  env.KAFKA_BROKERS = brokers;
}

/** Sets env.REDIS_URL, starting the system redis-server on 127.0.0.1:6379 when nothing answers there. */
async function ensureRedis(env, stops) {
  if (env.REDIS_URL) return;
  if (env.RIPOSTE_TRY_DOCKER === '1' && !(await answers('127.0.0.1:6379'))) return; // testcontainers brings one
  env.REDIS_URL = 'redis://127.0.0.1:6379';
  if (await answers('127.0.0.1:6379')) return;
  const r = spawnSync('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('no Redis answers at 127.0.0.1:6379 and redis-server could not start (apt-get install redis-server)');
  stops.push(() => spawnSync('redis-cli', ['-p', '6379', 'shutdown', 'nosave']));
}

module.exports = { answers, ensureKafka, ensureRedis, root };
