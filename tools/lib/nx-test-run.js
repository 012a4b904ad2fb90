// What `npm test` and `npm run test:conformance` share: make sure a real Kafka broker and a real Redis answer
// (starting local ones when none is configured), run Nx with the summary reporter writing to a temp file, stop what
// was started, and total the reporter's lines.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureKafka, ensureRedis } = require('./local-infra');

const root = path.resolve(__dirname, '..', '..');

/** The environment both commands run their children with. */
function testEnv() {
  return { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', KAFKAJS_NO_PARTITIONER_WARNING: '1' };
}

/** `cmd args` in the repository root with inherited stdio; its exit status (1 when it had none). */
function run(cmd, args, env = process.env) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

/**
 * `npx nx <nxArgs> <extra command-line args>` against real infrastructure. Returns the exit code, the number of
 * reporter lines (one per project) and the totals; a failing run that reported no failed test counts as one failure.
 */
async function runNxTests(env, nxArgs, tmpPrefix) {
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix)), 'results.jsonl');
  const started = [];
  let code;
  try {
    await ensureKafka(env, started, { allowDocker: true });
    await ensureRedis(env, started);
    code = run('npx', ['nx', ...nxArgs, '--outputStyle=static', ...process.argv.slice(2)], { ...env, RIPOSTE_TEST_RESULTS: results });
  } finally {
    for (const stop of started.reverse()) stop();
  }
  const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  const sum = (k) => lines.reduce((n, l) => n + l[k], 0);
  const passed = sum('passed');
  const failed = sum('failed') + (code !== 0 && sum('failed') === 0 ? 1 : 0);
  const skipped = sum('skipped');
  return { code: code !== 0 || failed > 0 ? 1 : 0, projects: lines.length, passed, failed, skipped };
}

/** `N passed, N failed[, N skipped]`, the last line both commands print. */
function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/** Runs `main` and exits with its code; an error prints its message and counts as one failure. */
function exitWith(main) {
  main().then((c) => process.exit(c), (e) => { console.error(e.message); console.log('0 passed, 1 failed'); process.exit(1); });
}

module.exports = { exitWith, run, runNxTests, summaryLine, testEnv };
