// Writes reports/jest-summary.json after every run, so .ci/run can print `N passed, N failed`.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      // A suite that cannot run (setup error, syntax error) has no failed tests but must count, once:
      // jest already counts every suite with a testExecError in numRuntimeErrorTestSuites.
      brokenSuites: results.numRuntimeErrorTestSuites,
      success: results.success,
      durationMs: Date.now() - results.startTime,
    };
    const dir = path.resolve(__dirname, '../../reports');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'jest-summary.json'), JSON.stringify(summary, null, 2));
  }
}

module.exports = SummaryReporter;
