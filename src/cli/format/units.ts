// docker/go-units sizes and durations, and coreutils' `-h` sizes for ls/du/df.
import { formatFloat } from './strconv';

const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function sizeAndUnit(size: number, base: number, units: readonly string[]): [number, string] {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return [size, units[i] as string];
}

/** units.HumanSizeWithPrecision: base 1000, `%.{precision}g` (`docker images` uses 3). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [n, unit] = sizeAndUnit(size, 1000, DECIMAL);
  return formatFloat(n, 'g', precision) + unit;
}

/** units.HumanSize: 4 significant digits (pull bars, `system df`). */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/** units.BytesSize: base 1024, KiB/MiB/…, 4 significant digits. */
export function bytesSize(size: number): string {
  const [n, unit] = sizeAndUnit(size, 1024, BINARY);
  return formatFloat(n, 'g', 4) + unit;
}

/**
 * units.HumanDuration for a duration in milliseconds: "Less than a second", "About a minute",
 * "3 hours", "2 weeks"… (`docker ps` adds " ago" or "Up ").
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(Math.floor(Math.trunc(ms / 3_600_000) / 24) / 365)} years`;
}

/** Go's time.Duration.String for a whole number of seconds: "0s", "45s", "2m5s", "1h0m0s". */
export function goDurationSeconds(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s === 0) return '0s';
  const sign = s < 0 ? '-' : '';
  const a = Math.abs(s);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const sec = a % 60;
  if (h > 0) return `${sign}${h}h${m}m${sec}s`;
  if (m > 0) return `${sign}${m}m${sec}s`;
  return `${sign}${sec}s`;
}

const COREUTILS_UNITS = ['K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/**
 * coreutils' `-h` size (ls -lh, du -h, df -h): powers of 1024, rounded up, one decimal
 * below 10: 1023 → "1023", 1024 → "1.0K", 1025 → "1.1K", 10240 → "10K", 1048575 → "1.0M".
 */
export function coreutilsHumanSize(bytes: number): string {
  let n = BigInt(Math.max(0, Math.trunc(bytes)));
  if (n < 1024n) return n.toString();
  let exp = 0;
  let div = 1024n;
  while (n / div >= 1024n && exp < COREUTILS_UNITS.length - 1) {
    div *= 1024n;
    exp++;
  }
  const whole = n / div;
  if (whole < 10n) {
    const tenths = (n * 10n + div - 1n) / div;
    if (tenths < 100n) return `${tenths / 10n}.${tenths % 10n}${COREUTILS_UNITS[exp]}`;
    return `10${COREUTILS_UNITS[exp]}`;
  }
  n = (n + div - 1n) / div;
  if (n === 1024n && exp < COREUTILS_UNITS.length - 1) return `1.0${COREUTILS_UNITS[exp + 1]}`;
  return `${n}${COREUTILS_UNITS[exp]}`;
}
