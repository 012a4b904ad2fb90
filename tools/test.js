#!/usr/bin/env node
// `npm test`: build, lint, prove that lint enforces the layering (tools/lint-selftest.js), make sure a real Kafka
// broker and a real Redis answer (starting local ones when none is configured), run every project's tests through
// Nx, stop what it started, and close with `N passed, N failed`.
// The conformance project (golden tests on the real Wazuh files, outside the repository) is left to
// `npm run test:conformance`.
const path = require('node:path');
const { exitWith, run, runNxTests, summaryLine, testEnv } = require('./lib/nx-test-run');

async function main() {
  const code = run('npm', ['run', '--silent', 'build']) || run('npm', ['run', '--silent', 'lint']) || run(process.execPath, [path.join(__dirname, 'lint-selftest.js')]);
  if (code !== 0) {
    console.log('0 passed, 1 failed');
    return code;
  }
  const r = await runNxTests(testEnv(), ['run-many', '-t', 'test', '--exclude=conformance', '--parallel=1'], 'riposte-test-');
  console.log(`\nTest projects: ${r.projects}`);
  console.log(summaryLine(r));
  return r.code;
}

exitWith(main);
