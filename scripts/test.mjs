// `npm test`: unit/property tests (vitest) then browser tests (Playwright in Debian's Chromium),
// ending with one plain line `N passed, N failed[, N skipped]` that CI reads.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const ci = process.env.CI === 'true';
const fcRuns = process.env.FC_RUNS ?? (ci ? '1000' : '200');

// Keep in step with the json reporter's outputFile in playwright.config.ts.
const PLAYWRIGHT_JSON = join(root, 'playwright-report', 'results.json');
const VITEST_JSON = join(root, 'test-results', 'vitest.json');

const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) console.error(`could not start ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function findChromium() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

function box(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const edge = '#'.repeat(width + 6);
  return [edge, ...lines.map((l) => `## ${l.padEnd(width)} ##`), edge].join('\n');
}

// A runner that exits non-zero must show at least one failure, even when its report has none
// (a file that fails to import, an unhandled error, a web server that never starts).
function account(runner, status, counts) {
  if (!counts) {
    console.error(`${runner}: no report was written`);
    counts = { passed: 0, failed: 0, skipped: 0 };
  }
  if (status !== 0 && counts.failed === 0) {
    console.error(`${runner} exited with status ${status}: counted as one failure`);
    counts.failed = 1;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

function vitestCounts(report) {
  if (!report) return undefined;
  // Files that failed before any test ran (syntax error, failed import) have no assertion results.
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function playwrightCounts(report) {
  if (!report?.stats) return undefined;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  return { passed: expected + flaky, failed: unexpected + (report.errors?.length ?? 0), skipped };
}

// Counts the specs without running them, so a local run without Chromium reports them as skipped.
function countPlaywrightSpecs() {
  const listed = spawnSync(bin('playwright'), ['test', '--list', '--reporter=json'], {
    cwd: root,
    encoding: 'utf8',
  });
  let count = 0;
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) count += spec.tests?.length ?? 1;
    for (const child of suite.suites ?? []) walk(child);
  };
  try {
    for (const suite of JSON.parse(listed.stdout).suites ?? []) walk(suite);
  } catch {
    return 0;
  }
  return count;
}

// 1. Unit, property and integration tests.
console.log(`\n> vitest run (FC_RUNS=${fcRuns})\n`);
mkdirSync(dirname(VITEST_JSON), { recursive: true });
rmSync(VITEST_JSON, { force: true });
const vitestStatus = run(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`],
  { FC_RUNS: fcRuns },
);
account('vitest', vitestStatus, vitestCounts(readJson(VITEST_JSON)));

// 2. Browser tests in real Chromium against the built site.
const chromium = findChromium();
if (chromium) {
  console.log(`\n> vite build && playwright test (${chromium})\n`);
  const buildStatus = run(bin('vite'), ['build']);
  if (buildStatus !== 0) {
    console.error('vite build failed: browser tests not run');
    account('vite build', buildStatus, { passed: 0, failed: 1, skipped: 0 });
  } else {
    rmSync(PLAYWRIGHT_JSON, { force: true });
    const pwStatus = run(bin('playwright'), ['test'], { CHROMIUM_PATH: chromium });
    account('playwright', pwStatus, playwrightCounts(readJson(PLAYWRIGHT_JSON)));
  }
} else if (ci) {
  console.error(
    box([
      'BROWSER TESTS CANNOT RUN: no Chromium found (CI=true)',
      'Install it with:',
      '  sudo apt-get install -y chromium',
    ]),
  );
  totals.failed += 1;
} else {
  const specs = countPlaywrightSpecs();
  console.error(
    '\n' +
      box([
        '',
        'BROWSER TESTS SKIPPED',
        '',
        `No Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (CHROMIUM_PATH picks another),`,
        `so ${specs} browser test(s) in test/e2e did not run.`,
        'Install it with this one command, then run npm test again:',
        '',
        '    sudo apt-get install -y chromium',
        '',
      ]) +
      '\n',
  );
  totals.skipped += specs;
}

const summary = `${totals.passed} passed, ${totals.failed} failed`;
console.log(totals.skipped > 0 ? `${summary}, ${totals.skipped} skipped` : summary);
process.exit(totals.failed > 0 ? 1 : 0);
