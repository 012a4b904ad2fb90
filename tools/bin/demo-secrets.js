#!/usr/bin/env node
// docker-compose's one-shot secrets step (also usable by hand):
//   node tools/bin/demo-secrets.js generate --out DIR --agents 000,001
//   node tools/bin/demo-secrets.js enrol --out DIR --agents 000 --api http://control-api:55000
// `generate` makes what is missing (tokens, issuer key, trusted keys, agent keys; mode 0600) and prints the admin
// token the first time only. `enrol` puts each agent's public key through the control API.
const { ensureDemoSecrets, enrolAgents } = require('../lib/demo-secrets');

const log = (msg) => process.stdout.write(`[riposte-secrets] ${msg}\n`);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  return process.argv[i + 1];
}

async function main() {
  const command = process.argv[2];
  const out = arg('out');
  const agents = (arg('agents', '000') || '').split(',').filter(Boolean);
  if (!out || !['generate', 'enrol'].includes(command)) {
    process.stderr.write('usage: demo-secrets.js generate|enrol --out DIR [--agents 000,001] [--api URL]\n');
    process.exit(2);
  }
  const s = ensureDemoSecrets(out, agents);
  if (command === 'generate') {
    for (const f of s.created) log(`created ${f}`);
    if (s.adminCreated) log(`control API admin token (shown once): ${s.adminToken}`);
    log(`ingest token for POST /alerts: ${s.ingestToken}`);
    return;
  }
  await enrolAgents({ apiUrl: arg('api', 'http://127.0.0.1:55000'), adminToken: s.adminToken, agents: s.agents, log });
}

main().catch((e) => {
  log(`failed: ${e.message}`);
  process.exit(1);
});
