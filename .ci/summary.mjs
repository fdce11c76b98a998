// Sums the machine-readable reports of every test suite into one line: `N passed, N failed`.
// A suite whose report is missing (because an earlier step such as lint failed) counts as failed.
import { existsSync, readFileSync } from 'node:fs';

const suites = [
  {
    name: 'unit (Vitest)',
    file: 'reports/vitest.json',
    count: (r) => ({
      passed: r.numPassedTests,
      failed: r.numFailedTests + (r.numTodoTests ?? 0),
      skipped: r.numPendingTests,
    }),
  },
  {
    name: 'end-to-end (Playwright)',
    file: 'reports/playwright.json',
    count: (r) => ({
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected + (r.errors?.length ?? 0),
      skipped: r.stats.skipped,
    }),
  },
];

let passed = 0;
let failed = 0;
for (const suite of suites) {
  if (!existsSync(suite.file)) {
    console.log(`ci: ${suite.name}: no report (the suite did not run)`);
    failed += 1;
    continue;
  }
  const c = suite.count(JSON.parse(readFileSync(suite.file, 'utf8')));
  console.log(`ci: ${suite.name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  passed += c.passed;
  // A skipped test is a test that did not prove anything: CI counts it against us.
  failed += c.failed + c.skipped;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
