#!/usr/bin/env node
// Proves that lint enforces the layering (run by `npm test` right after lint): copies real libraries to temporary
// projects inside the workspace (same project.json tags, same sources), plants imports the boundaries forbid, runs
// the same lint as `npm run lint` on the planted files only, and fails unless each forbidden import is reported
// (and the allowed control import is not). The copies are removed afterwards, even on failure or Ctrl-C.
const fs = require('node:fs');
const path = require('node:path');
const { lint } = require('./lint');

const root = path.resolve(__dirname, '..');
const RULE = '@nx/enforce-module-boundaries';

/** Each case: the library copied, the planted source, and the report expected (null = must lint clean). */
const CASES = [
  {
    what: 'kafkajs in a copy of libs/policy (pure)',
    lib: 'policy',
    source: "import { Kafka } from 'kafkajs';\n\nexport const planted = Kafka;\n",
    expect: /not allowed to import "kafkajs"/,
  },
  {
    what: '@riposte/bus in a copy of libs/store (infra to infra)',
    lib: 'store',
    source: "import { BusProducer } from '@riposte/bus';\n\nexport const planted = BusProducer;\n",
    expect: /can only depend on libs tagged with/,
  },
  {
    what: '@riposte/contracts in a copy of libs/policy (allowed: the control)',
    lib: 'policy',
    source: "import { topicsFor } from '@riposte/contracts';\n\nexport const planted = topicsFor;\n",
    expect: null,
  },
];

const made = [];
function cleanup() {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

/** A copy of `libs/<lib>` as project `lint-selftest-<n>-<lib>` (tags kept), with `planted.ts` in its src. */
function plant(c, n) {
  const from = path.join(root, 'libs', c.lib);
  const name = `lint-selftest-${process.pid}-${n}-${c.lib}`;
  const dir = path.join(root, 'libs', name);
  made.push(dir);
  fs.mkdirSync(dir);
  const project = JSON.parse(fs.readFileSync(path.join(from, 'project.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'project.json'), JSON.stringify({ ...project, name, sourceRoot: `libs/${name}/src` }));
  fs.cpSync(path.join(from, 'src'), path.join(dir, 'src'), { recursive: true });
  const file = path.join(dir, 'src', 'planted.ts');
  fs.writeFileSync(file, c.source);
  return file;
}

/** What went wrong with one case, or null. */
function judge(c, result) {
  const found = (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
  if (c.expect === null) return found.length ? `reported although allowed: ${found.join('; ')}` : null;
  return found.some((m) => c.expect.test(m)) ? null : `not reported (${RULE} said: ${found.join('; ') || 'nothing'})`;
}

async function main() {
  const started = Date.now();
  try {
    const files = CASES.map(plant);
    const { stdout, skipped } = await lint(['--format', 'json', ...files.map((f) => path.relative(root, f))], { quiet: true });
    if (skipped) throw new Error(`${RULE} skipped itself: no project graph`);
    let results;
    try {
      results = JSON.parse(stdout);
    } catch {
      throw new Error(`eslint printed no JSON report:\n${stdout}`);
    }
    const failures = CASES.map((c, i) => [c, judge(c, results.find((r) => r.filePath === files[i]))]).filter(([, why]) => why);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (failures.length) {
      for (const [c, why] of failures) console.error(`lint self-test: ${c.what}: ${why}`);
      console.log(`lint self-test: FAILED, ${failures.length} of ${CASES.length} planted imports judged wrong (${seconds} s)`);
      return 1;
    }
    console.log(`lint self-test: ok, ${CASES.length} planted imports judged right (${CASES.map((c) => c.what).join('; ')}) in ${seconds} s`);
    return 0;
  } finally {
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    cleanup();
    console.error(`lint self-test: ${e.message}`);
    console.log('lint self-test: FAILED');
    process.exit(1);
  },
);
