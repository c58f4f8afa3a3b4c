// Measuring helpers for bench/*.bench.ts. Benchmarks report ratios against a baseline measured in the
// same run, so the machine's speed cancels out.

export type MeasureOptions = {
  /** At least this many timed runs (after one untimed warm-up). */
  minRuns?: number;
  /** Keep running until the timed runs add up to at least this many milliseconds. */
  minMs?: number;
};

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time of `fn` in milliseconds. */
export async function measure(
  fn: () => unknown,
  { minRuns = 5, minMs = 200 }: MeasureOptions = {},
): Promise<number> {
  await fn(); // warm-up: JIT and caches, not counted
  const samples: number[] = [];
  let total = 0;
  while (samples.length < minRuns || total < minMs) {
    const start = performance.now();
    await fn();
    const elapsed = performance.now() - start;
    samples.push(elapsed);
    total += elapsed;
  }
  return median(samples);
}

/** Heap in use, in bytes, after a full collection (needs node --expose-gc, as `npm run bench` does). */
export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heapUsed() needs node --expose-gc: run benchmarks with `npm run bench`');
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Median times of `base` and `subject`, measured alternately (with a collection before each pair when
 * gc is exposed) so that both see the same JIT and heap conditions; the ratio is what benches report.
 */
export async function compare(
  base: () => unknown,
  subject: () => unknown,
  { minRuns = 7, minMs = 400 }: MeasureOptions = {},
): Promise<{ base: number; subject: number; ratio: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  await base();
  await subject();
  const a: number[] = [];
  const b: number[] = [];
  let total = 0;
  while (a.length < minRuns || total < minMs) {
    gc?.();
    let t = performance.now();
    await base();
    const ta = performance.now() - t;
    gc?.();
    t = performance.now();
    await subject();
    const tb = performance.now() - t;
    a.push(ta);
    b.push(tb);
    total += ta + tb;
  }
  const ma = median(a);
  const mb = median(b);
  return { base: ma, subject: mb, ratio: mb / ma };
}
