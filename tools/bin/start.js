#!/usr/bin/env node
// `npm start`: the demo. Kafka and Redis (local ones when none is configured), then every service from dist/,
// an executor for the manager (000) and for RIPOSTE_DEMO_AGENTS simulated agents (default 3), in dry-run mode so
// no script touches this host's firewall. Ctrl-C stops everything, services first, then what it started.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const demoDir = path.join(root, '.riposte-demo');
const children = [];
const stops = [];
const { ensureKafka, ensureRedis } = require('../lib/local-infra');
let stopping = false;

const log = (msg) => process.stdout.write(`[riposte] ${msg}\n`);

async function ensureInfra(env) {
  await ensureKafka(env, stops);
  await ensureRedis(env, stops);
}

function startService(name, script, env) {
  const logFile = path.join(demoDir, 'logs', `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(root, 'dist/services', script, 'src/main.js')], { env: { RIPOSTE_SERVICE_NAME: name, ...env }, stdio: ['ignore', out, out] });
  child.on('exit', (code, signal) => {
    if (!stopping) log(`${name} exited (${signal ?? code}); see ${path.relative(process.cwd(), logFile)}`);
  });
  children.push({ name, child });
  return logFile;
}

function executorHome(agentId) {
  const home = path.join(demoDir, 'agents', agentId);
  for (const d of ['active-response/bin', 'logs', 'etc/shared', 'var']) fs.mkdirSync(path.join(home, d), { recursive: true });
  const conf = path.join(home, 'etc/ossec.conf');
  if (!fs.existsSync(conf)) fs.copyFileSync(path.join(root, 'deploy/examples/agent-ossec.conf'), conf);
  return home;
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist/services/matcher/src/main.js'))) throw new Error('not built: run `npm run build` (npm start does it for you)');
  fs.mkdirSync(path.join(demoDir, 'logs'), { recursive: true });
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', KAFKAJS_NO_PARTITIONER_WARNING: '1' };
  await ensureInfra(env);
  const ossecConf = process.env.RIPOSTE_OSSEC_CONF ?? path.join(root, 'deploy/examples/ossec.conf');
  const tokens = process.env.CONTROL_API_TOKENS_FILE ?? path.join(root, 'deploy/examples/tokens.json');
  const alertsJson = path.join(demoDir, 'alerts.json');
  if (!fs.existsSync(alertsJson)) fs.writeFileSync(alertsJson, '');

  startService('alert-ingest', 'alert-ingest', { ...env, ALERTS_JSON_PATH: alertsJson });
  startService('matcher', 'matcher', { ...env, MATCHER_OSSEC_CONF: ossecConf });
  startService('scheduler', 'scheduler', env);
  startService('control-api', 'control-api', { ...env, CONTROL_API_OSSEC_CONF: ossecConf, CONTROL_API_TOKENS_FILE: tokens });
  const agents = ['000', ...Array.from({ length: Number(process.env.RIPOSTE_DEMO_AGENTS ?? 3) }, (_, i) => String(i + 1).padStart(3, '0'))];
  const homes = agents.map((id) => {
    const home = executorHome(id);
    startService(`executor-${id}`, 'executor', { ...env, AGENT_ID: id, EXECUTOR_HOME: home, EXECUTOR_NAME: id === '000' ? 'manager' : `demo-agent-${id}`, EXECUTOR_DRY_RUN: process.env.EXECUTOR_DRY_RUN ?? 'true' });
    return [id, home];
  });

  log(`Kafka ${env.KAFKA_BROKERS}, Redis ${env.REDIS_URL}, policy ${path.relative(process.cwd(), ossecConf)}`);
  log('post alerts:   curl -s -H "Content-Type: application/json" --data-binary @alert.json http://127.0.0.1:8421/alerts');
  log(`  or append JSON lines to ${path.relative(process.cwd(), alertsJson)} (tailed like Wazuh's alerts.json)`);
  log('control API:   http://127.0.0.1:55000 (tokens in deploy/examples/tokens.json); CLI: npx riposte --help');
  log('audit:         npx riposte tail audit');
  for (const [id, home] of homes) log(`agent ${id} log: ${path.relative(process.cwd(), path.join(home, 'logs/active-responses.log'))}`);
  log(`service logs:  ${path.relative(process.cwd(), path.join(demoDir, 'logs'))}/ — Ctrl-C stops everything`);
}

async function shutdown() {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(children.map(({ child }) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15000).unref();
  })));
  for (const stop of stops.reverse()) stop();
  log('stopped');
  process.exit(0);
}

process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
main().catch((e) => { log(`cannot start: ${e.message}`); shutdown(); });
