#!/usr/bin/env node
// `npm run test:conformance`: the golden tests against the real Wazuh files (the `conformance` project), which
// `npm test` leaves out. The files come from RIPOSTE_WAZUH_FIXTURES or the shared folder beside the clone (see
// conformance/src/wazuh-fixtures.ts); the suite fails when they are missing. Makes sure a real Kafka broker and a
// real Redis answer, and closes with `N passed, N failed` from the same summary reporter as `npm test`.
const { exitWith, runNxTests, summaryLine, testEnv } = require('./lib/nx-test-run');

async function main() {
  const r = await runNxTests(testEnv(), ['test', 'conformance'], 'riposte-conformance-');
  console.log(`\nConformance (real Wazuh files): ${r.passed + r.failed + r.skipped} tests`);
  console.log(summaryLine(r));
  return r.code;
}

exitWith(main);
