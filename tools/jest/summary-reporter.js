// Writes each project's pass/fail counts to $RIPOSTE_TEST_RESULTS (one JSON line per project run), so the test
// runner can print one closing `N passed, N failed` line across every Nx project.
const fs = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }
  onRunComplete(_contexts, results) {
    const file = process.env.RIPOSTE_TEST_RESULTS;
    if (!file) return;
    const line = {
      project: process.cwd(),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}
module.exports = SummaryReporter;
