// Sizes and ids as the pictures print them: decimal units like Docker's, with a space for reading aloud.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 615 B, 1.23 kB, 74.8 MB: Docker's decimal units, three significant digits. */
export function humanBytes(n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u += 1;
  }
  const fixed = v.toPrecision(3);
  const text = u === 0 ? String(Math.round(v)) : fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return `${text} ${UNITS[u]}`;
}
