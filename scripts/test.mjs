// Runs the whole test suite with vitest (unit, API, integration, desktop, then the browser end-to-end suite)
// and ends with one plain line: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(path.join(root, '.tmp'), { recursive: true });

// The bundles are tested too (CLI startup, served UI), so build first.
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const suites = [
  { name: 'main', config: 'vitest.config.ts' },
  { name: 'e2e', config: 'vitest.e2e.config.ts' },
];
const extra = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
for (const suite of suites) {
  const report = path.join(root, '.tmp', `vitest-${suite.name}.json`);
  rmSync(report, { force: true });
  const args = ['run', '--config', suite.config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--passWithNoTests', ...extra];
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), ...args], { cwd: root, stdio: 'inherit' });
  const counts = countResults(report);
  if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);

function countResults(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const result = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that fails to load counts as one failure; a suite whose tests failed is already counted by its tests.
  const brokenSuites = (result.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: result.numPassedTests ?? 0,
    failed: (result.numFailedTests ?? 0) + brokenSuites,
    skipped: (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0),
  };
}
