// What docker prints after the progress of a failed build: each failed step's last log lines, the
// Dockerfile excerpt around the failing instruction (errdefs Source.Print) and `ERROR: failed to solve`.

import type { FailedStep } from './events';

export interface ErrorEpilogueInput {
  /** The failed steps (from a printer's `failed()`); each gets a `------` block with its log lines. */
  steps: FailedStep[];
  /** The Dockerfile's name as shown (`Dockerfile`) and its text, for the source excerpt. */
  dockerfileName?: string;
  dockerfile?: string;
  /** 1-based line range of the failing instruction; no excerpt without it. */
  lines?: { start: number; end?: number };
  /** The solve error, printed after `ERROR: failed to solve: `. */
  error: string;
}

/** `------` / ` > [2/2] RUN foo:` / the log lines / `------`, as progressui's printErrorLogs. */
export function errorLogsBlock(step: FailedStep): string {
  return `------\n > ${step.name}:\n${step.logs.map((l) => `${l}\n`).join('')}------\n`;
}

/**
 * The excerpt BuildKit prints for an error with a source location: `Dockerfile:2`, a dashed rule, the
 * lines around the range (2 more lines in all for a range, 4 for a single line) with `>>>` on the
 * failing ones, and the rule again. Empty when the range is outside the text.
 */
export function sourceExcerpt(name: string, text: string, range: { start: number; end?: number }): string {
  const lines = text.split('\n');
  let start = range.start;
  let end = Math.max(range.end ?? range.start, range.start);
  const rangeEnd = end;
  if (start > lines.length || start < 1) return '';
  if (end > lines.length) end = lines.length;
  const pad = end === start ? 4 : 2;
  const first = start;
  // BuildKit's widening loop: each round may take one line before and one after, and counts one more
  for (let p = 0; p < pad; p++) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end !== lines.length) {
      end++;
      p++;
    }
  }
  let out = `${name}:${first}\n--------------------\n`;
  for (let i = start; i <= end; i++) {
    const mark = i >= range.start && i <= rangeEnd ? '>>>' : '   ';
    out += ` ${String(i).padStart(3)} | ${mark} ${lines[i - 1] ?? ''}\n`;
  }
  return `${out}--------------------\n`;
}

/** Everything docker prints after the progress of a failed build, ending with `ERROR: failed to solve: …`. */
export function errorEpilogue(input: ErrorEpilogueInput): string {
  let out = input.steps.map(errorLogsBlock).join('');
  if (input.dockerfile !== undefined && input.lines) {
    out += sourceExcerpt(input.dockerfileName ?? 'Dockerfile', input.dockerfile, input.lines);
  }
  return `${out}ERROR: failed to solve: ${input.error}\n`;
}
