// `npm run soak`: the nightly sizes of the robustness suites (issue 8): the fuzzers and the Node soak
// in vitest, then the browser soak in Chromium, then one table of the figures they wrote to
// reliability-report/ (the numbers the README's Reliability section quotes). Exits non-zero when any
// part failed. A suite file that does not exist (yet) is skipped with a note, not counted as a failure.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const REPORT_DIR = join(root, 'reliability-report');

/** The nightly sizes; a size already set in the environment wins (to try a part at another size). */
const SIZES = {
  FUZZ_LINES: '100000',
  ARCHIVE_FUZZ_RUNS: '5000',
  SHARE_FUZZ_RUNS: '50000',
  SOAK_COMMANDS: '20000',
  SOAK_BROWSER_COMMANDS: '1000',
  CRASH_ROUNDS: '3',
};
const env = { ...process.env };
for (const [name, value] of Object.entries(SIZES)) env[name] ??= value;

/** The parts, in order: what runs, on which files, with which extra arguments. */
const PARTS = [
  { name: 'fuzzers (archives, share links)', runner: 'vitest', files: ['test/fuzz'] },
  { name: 'cli fuzz', runner: 'vitest', files: ['test/cli/fuzz.test.ts'] },
  // --expose-gc lets the soak measure the heap after a full collection.
  { name: 'node soak', runner: 'vitest', files: ['test/soak'], args: ['--execArgv=--expose-gc'] },
  {
    name: 'browser soak and crash safety (Chromium)',
    runner: 'playwright',
    files: ['test/e2e/soak.spec.ts', 'test/e2e/crash.spec.ts'],
  },
];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.error) console.error(`could not start ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function chromium() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** Runs one part; returns 'passed', 'failed' or why it was skipped. */
function runPart(part) {
  const files = part.files.filter((f) => existsSync(join(root, f)));
  if (files.length === 0) return `skipped: ${part.files.join(', ')} not found`;
  console.log(`\n=== ${part.name}: ${files.join(' ')} ===`);
  if (part.runner === 'vitest') {
    return run(bin('vitest'), ['run', ...(part.args ?? []), ...files]) === 0 ? 'passed' : 'failed';
  }
  if (!chromium()) return 'skipped: no Chromium (set CHROMIUM_PATH)';
  // The project's Playwright config serves dist/ on its own port: build it first.
  if (run(bin('vite'), ['build']) !== 0) return 'failed';
  return run(bin('playwright'), ['test', '--workers=1', ...files]) === 0 ? 'passed' : 'failed';
}

/** The figures files written since `since` (ms), as table rows. */
function figures(since) {
  if (!existsSync(REPORT_DIR)) return [];
  return readdirSync(REPORT_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(REPORT_DIR, f))
    .filter((f) => statSync(f).mtimeMs >= since)
    .flatMap((f) => {
      try {
        const j = JSON.parse(readFileSync(f, 'utf8'));
        const result = Object.entries(j.result ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        return [[String(j.suite), String(j.size), String(j.unit), result]];
      } catch {
        return [[f, '?', '?', 'unreadable figures file']];
      }
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function table(rows) {
  const head = ['suite', 'size', 'unit', 'result'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  // The result column is left as long as it is: it is the last one.
  const line = (r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ');
  return [line(head), line(head.map((_, i) => '-'.repeat(i < 3 ? widths[i] : 6))), ...rows.map(line)].join(
    '\n',
  );
}

const started = Date.now();
const outcomes = PARTS.map((part) => [part.name, runPart(part)]);

console.log('\n=== npm run soak ===');
for (const [name, outcome] of outcomes) console.log(`${name}: ${outcome}`);
const rows = figures(started);
console.log(`\nFigures (${REPORT_DIR}):\n`);
console.log(rows.length ? table(rows) : '(no figures were written)');
const failed = outcomes.filter(([, o]) => o === 'failed').length;
console.log(
  `\n${failed === 0 ? 'soak: all parts passed or were skipped' : `soak: ${failed} part(s) failed`}`,
);
process.exit(failed === 0 ? 0 : 1);
