#!/usr/bin/env node
// `npm test`: build, lint, prove that lint enforces the layering (tools/lint-selftest.js), make sure a real Kafka
// broker and a real Redis answer (starting local ones when none is configured), run every project's tests through
// Nx, stop what it started, and close with `N passed, N failed`.
// The conformance project (golden tests on the real Wazuh files, outside the repository) is left to
// `npm run test:conformance`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const started = [];
const { ensureKafka, ensureRedis } = require('./lib/local-infra');

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status ?? 1;
}

async function main() {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', KAFKAJS_NO_PARTITIONER_WARNING: '1' };
  let code = run('npm', ['run', '--silent', 'build']) || run('npm', ['run', '--silent', 'lint']) || run(process.execPath, [path.join(__dirname, 'lint-selftest.js')]);
  if (code !== 0) {
    console.log('0 passed, 1 failed');
    return code;
  }
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'riposte-test-')), 'results.jsonl');
  try {
    await ensureKafka(env, started, { allowDocker: true });
    await ensureRedis(env, started);
    const extra = process.argv.slice(2);
    code = run('npx', ['nx', 'run-many', '-t', 'test', '--exclude=conformance', '--parallel=1', '--outputStyle=static', ...extra], { ...env, RIPOSTE_TEST_RESULTS: results });
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
