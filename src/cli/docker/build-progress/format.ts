// Number formats of BuildKit's progress output: Go's `%.*f` (exact halves round to even, where JS's
// toFixed rounds them up), step times, decimal byte sizes, log-line prefixes and a status's bytes.

import type { BuildStatus } from './events';

/**
 * Formats like Go's `%.*f`: the exact binary value is rounded, and only a true half rounds to even
 * (0.15 is really 0.1499… so it gives 0.1; 0.25 gives 0.2; JS's toFixed would give 0.3 for the latter).
 */
export function goFixed(x: number, decimals: number): string {
  const exact = Math.abs(x).toFixed(100); // every digit of a double of this size, exactly
  const [whole = '0', frac = ''] = exact.split('.');
  const kept = frac.slice(0, decimals);
  const rest = frac.slice(decimals).replace(/0+$/, '');
  let n = BigInt(whole + kept);
  const half = rest === '5';
  if ((rest !== '' && rest > '5') || (half && n % 2n === 1n)) n += 1n;
  const digits = n.toString().padStart(decimals + 1, '0');
  const sign = x < 0 && n !== 0n ? '-' : '';
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** A duration in ms as BuildKit prints step times (`%.1fs`): 0.0s, 1.2s, 12.3s, 75.3s (never minutes). */
export function seconds(ms: number): string {
  return `${goFixed(ms / 1000, 1)}s`;
}

/** Bytes as tonistiigi/units `%.2f` prints them: decimal units, plain integer below 1000 (`123B`, `2.05MB`). */
export function buildBytes(n: number): string {
  const names = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let unit = 0;
  let base = 1;
  while (unit < names.length - 1 && Math.abs(n) >= base * 1000) {
    base *= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.trunc(n)}B`;
  return `${goFixed(n / base, 2)}${names[unit]}`;
}

/** The elapsed-time prefix of a log line: 3 decimals under 10s, 2 under 100s, else 1. */
export function logPrefix(elapsedMs: number): string {
  const sec = elapsedMs / 1000;
  const prec = sec < 10 ? 3 : sec < 100 ? 2 : 1;
  return goFixed(sec, prec);
}

/** The bytes part of a status: ` cur / total`, ` cur`, or nothing. */
export function statusBytes(s: BuildStatus): string {
  if (s.total) return `${buildBytes(s.current ?? 0)} / ${buildBytes(s.total)}`;
  if (s.current) return buildBytes(s.current);
  return '';
}
