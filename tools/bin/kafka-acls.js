#!/usr/bin/env node
// `deploy/kafka-acls.sh <namespace> [agent-id ...]`: adds every role's ACLs for one topic namespace (the plan is
// `aclPlan` in libs/bus/src/acl-plan.ts, from the topic names of libs/contracts/src/topics.ts) in one CreateAcls
// request, as `admin`. Idempotent. Agent ids default to KAFKA_SECURE_AGENTS, else 001 002.
//   --print     print the plan as a markdown table and exit (no broker needed)
//   --from-env  log in with KAFKA_BROKERS / KAFKA_SASL_* / KAFKA_SSL* of the environment (a real cluster's admin)
//               instead of the local secure broker's admin (<repo>/.kafka-local-secure/credentials.json)
require('../ts-register');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
// Only the files needed, not the libraries' index (which would load Nest): this runs on every test start.
const { topicsFor } = require(path.join(root, 'libs/contracts/src/topics.ts'));
const { aclPlan } = require(path.join(root, 'libs/bus/src/acl-plan.ts'));
const { BusAdmin } = require(path.join(root, 'libs/bus/src/bus-admin.ts'));
const { createKafka } = require(path.join(root, 'libs/bus/src/create-kafka.ts'));
const { kafkaConfigFromEnv } = require(path.join(root, 'libs/bus/src/kafka-config.ts'));

const log = (msg) => process.stdout.write(`[kafka-acls] ${msg}\n`);

function adminEnv(fromEnv) {
  if (fromEnv) return process.env;
  const dir = process.env.KAFKA_SECURE_HOME_DIR || path.join(root, '.kafka-local-secure');
  const file = path.join(dir, 'credentials.json');
  if (!fs.existsSync(file)) throw new Error(`no ${file}: start the secure broker (deploy/kafka-local/kafka-up.sh --secure) or pass --from-env`);
  const creds = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { KAFKA_BROKERS: creds.brokers, KAFKA_SASL_MECHANISM: creds.mechanism, KAFKA_SASL_USERNAME: 'admin', KAFKA_SASL_PASSWORD: creds.users.admin };
}

function table(rules) {
  const lines = ['| principal | operation | resource | pattern | name |', '|---|---|---|---|---|'];
  for (const r of rules) lines.push(`| ${r.principal} | ${r.operation.toUpperCase()} | ${r.resource} | ${r.pattern} | \`${r.name}\` |`);
  return lines.join('\n');
}

async function main(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  for (const f of flags) if (f !== '--print' && f !== '--from-env') throw new Error(`unknown option ${f} (--print, --from-env)`);
  const [namespace, ...ids] = argv.filter((a) => !a.startsWith('--'));
  if (!namespace) throw new Error('usage: deploy/kafka-acls.sh <namespace> [agent-id ...] [--print] [--from-env]');
  const agentIds = ids.length ? ids : (process.env.KAFKA_SECURE_AGENTS || '001 002').split(/\s+/).filter(Boolean);
  const rules = aclPlan(topicsFor(namespace), agentIds); // throws on an invalid namespace or agent id
  if (flags.has('--print')) return void process.stdout.write(`${table(rules)}\n`);

  const env = adminEnv(flags.has('--from-env'));
  const kafka = createKafka({ ...kafkaConfigFromEnv(env, 'riposte-kafka-acls'), retry: { initialRetryTime: 100, retries: 3 } });
  const t0 = Date.now();
  await new BusAdmin(kafka).allow(rules);
  log(`namespace '${namespace}', agents ${agentIds.join(' ')}: ${rules.length} ACLs on ${env.KAFKA_BROKERS} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`[kafka-acls] ERROR: ${e.message}\n`);
    process.exit(1);
  },
);
