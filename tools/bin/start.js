#!/usr/bin/env node
// `npm start`: the demo. Kafka and Redis (local ones when none is configured), then every service from dist/,
// an executor for the manager (000) and for RIPOSTE_DEMO_AGENTS simulated agents (default 3), in dry-run mode so
// no script touches this host's firewall. Ctrl-C stops everything, services first, then what it started.
// Secrets (tokens, the issuers' signing key, the executors' trusted keys, one key per agent) are generated at first
// start under .riposte-demo/secrets/ (git-ignored, mode 0700, files 0600); the admin token is printed that once.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const demoDir = path.join(root, '.riposte-demo');
const children = [];
const stops = [];
const { ensureKafka, ensureRedis } = require('../lib/local-infra');
const { ensureDemoSecrets, enrolAgents } = require('../lib/demo-secrets');
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
  const alertsJson = path.join(demoDir, 'alerts.json');
  if (!fs.existsSync(alertsJson)) fs.writeFileSync(alertsJson, '');
  const agents = ['000', ...Array.from({ length: Number(process.env.RIPOSTE_DEMO_AGENTS ?? 3) }, (_, i) => String(i + 1).padStart(3, '0'))];
  const secrets = ensureDemoSecrets(path.join(demoDir, 'secrets'), agents);
  const rel = (p) => path.relative(process.cwd(), p);
  // A CONTROL_API_TOKENS_FILE of the caller's wins; enrolment then needs its admin token in RIPOSTE_TOKEN.
  const controlTokens = process.env.CONTROL_API_TOKENS_FILE ?? secrets.files.controlTokens;
  const adminToken = process.env.CONTROL_API_TOKENS_FILE ? process.env.RIPOSTE_TOKEN : secrets.adminToken;
  const issuer = { RIPOSTE_SIGNING_KEY_FILE: secrets.files.signingKey, RIPOSTE_SIGNING_KEY_ID: secrets.signingKeyId };

  startService('alert-ingest', 'alert-ingest', { ...env, ALERTS_JSON_PATH: alertsJson, INGEST_TOKENS_FILE: secrets.files.ingestTokens });
  startService('matcher', 'matcher', { ...env, ...issuer, MATCHER_OSSEC_CONF: ossecConf });
  startService('scheduler', 'scheduler', { ...env, ...issuer });
  startService('control-api', 'control-api', { ...env, ...issuer, CONTROL_API_OSSEC_CONF: ossecConf, CONTROL_API_TOKENS_FILE: controlTokens });
  const homes = agents.map((id) => {
    const home = executorHome(id);
    startService(`executor-${id}`, 'executor', {
      ...env,
      AGENT_ID: id,
      EXECUTOR_HOME: home,
      EXECUTOR_NAME: id === '000' ? 'manager' : `demo-agent-${id}`,
      EXECUTOR_DRY_RUN: process.env.EXECUTOR_DRY_RUN ?? 'true',
      EXECUTOR_TRUSTED_KEYS_FILE: secrets.files.trustedKeys,
      EXECUTOR_KEY_FILE: secrets.agents.get(id).keyFile,
    });
    return [id, home];
  });

  log(`Kafka ${env.KAFKA_BROKERS}, Redis ${env.REDIS_URL}, policy ${rel(ossecConf)}`);
  if (secrets.created.length > 0) log(`secrets generated under ${rel(secrets.dir)}/ (mode 0600; kept for the next starts)`);
  log(`post alerts:   curl -s -H "Authorization: Bearer ${secrets.ingestToken}" -H "Content-Type: application/json" --data-binary @alert.json http://127.0.0.1:8421/alerts`);
  log(`  or append JSON lines to ${rel(alertsJson)} (tailed like Wazuh's alerts.json)`);
  if (secrets.adminCreated && !process.env.CONTROL_API_TOKENS_FILE) log(`control API:   http://127.0.0.1:55000 — admin token (shown this once): export RIPOSTE_TOKEN=${secrets.adminToken}`);
  else log(`control API:   http://127.0.0.1:55000 — tokens in ${rel(controlTokens)}`);
  log('CLI:           npx riposte --help');
  log('audit:         npx riposte tail audit');
  for (const [id, home] of homes) log(`agent ${id} log: ${path.relative(process.cwd(), path.join(home, 'logs/active-responses.log'))}`);
  log(`service logs:  ${path.relative(process.cwd(), path.join(demoDir, 'logs'))}/ — Ctrl-C stops everything`);
  if (!adminToken) log('agent enrolment skipped: set RIPOSTE_TOKEN to the admin token of CONTROL_API_TOKENS_FILE');
  else enrolAgents({ apiUrl: 'http://127.0.0.1:55000', adminToken, agents: secrets.agents, log }).catch((e) => { if (!stopping) log(`agent enrolment failed: ${e.message}`); });
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
