#!/usr/bin/env node
// `npm run test:conformance`: the golden tests against the real Wazuh files (the `conformance` project), which
// `npm test` leaves out. The files come from RIPOSTE_WAZUH_FIXTURES or the shared folder beside the clone (see
// conformance/src/wazuh-fixtures.ts); the suite fails when they are missing. Makes sure a real Kafka broker and a
// real Redis answer, and closes with `N passed, N failed` from the same summary reporter as `npm test`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureKafka, ensureRedis } = require('./lib/local-infra');

const root = path.resolve(__dirname, '..');

async function main() {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', KAFKAJS_NO_PARTITIONER_WARNING: '1' };
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-conformance-')), 'results.jsonl');
  const started = [];
  let code;
  try {
    await ensureKafka(env, started, { allowDocker: true });
    await ensureRedis(env, started);
    const extra = process.argv.slice(2);
    code = spawnSync('npx', ['nx', 'test', 'conformance', '--outputStyle=static', ...extra], { cwd: root, stdio: 'inherit', env: { ...env, RIPOSTE_TEST_RESULTS: results } }).status ?? 1;
  } finally {
    for (const stop of started.reverse()) stop();
  }
  const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const sum = (k) => lines.reduce((n, l) => n + l[k], 0);
  const passed = sum('passed');
  const failed = sum('failed') + (code !== 0 && sum('failed') === 0 ? 1 : 0);
  const skipped = sum('skipped');
  console.log(`\nConformance (real Wazuh files): ${passed + failed + skipped} tests`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return code !== 0 || failed > 0 ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e.message); console.log('0 passed, 1 failed'); process.exit(1); });
