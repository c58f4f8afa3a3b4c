// Where the robustness suites leave their figures (faults injected and survived, inputs tried and
// crashes, commands soaked and memory before/after): one JSON file per suite under
// reliability-report/, read by `npm run soak` and quoted in the README's Reliability section.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RELIABILITY_DIR = join(import.meta.dirname, '..', '..', 'reliability-report');

export interface SuiteFigures {
  /** What ran, e.g. "cli fuzz" or "crash safety (Chromium)". */
  suite: string;
  /** How many inputs, faults or commands, e.g. 10000. */
  size: number;
  /** What the size counts, e.g. "command lines", "page reloads", "commands". */
  unit: string;
  /** What came out: e.g. { crashes: 0 } or { survived: 24, failed: 0 }, or memory in MiB. */
  result: Record<string, number | string>;
}

/** Writes one suite's figures; the file name comes from the suite's name. */
export function recordFigures(figures: SuiteFigures): void {
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  const file = figures.suite
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  writeFileSync(
    join(RELIABILITY_DIR, `${file}.json`),
    JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2) + '\n',
  );
}
