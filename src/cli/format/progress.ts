// The pull/load progress text of moby's jsonmessage.JSONProgress.String.
import { goDurationSeconds, humanSize } from './units';

export interface Progress {
  current: number;
  total: number;
  /** Terminal width; the bar needs more than 110 columns (Go's default without a terminal is 200). */
  width?: number;
  /** Milliseconds since the operation started; adds the time-left estimate while under half done. */
  elapsedMs?: number;
  hideCounts?: boolean;
  /** Counts of something other than bytes, e.g. "layers". */
  units?: string;
}

/** `[=====>       ]  1.081MB/31.36MB` and its variants. */
export function progressText(p: Progress): string {
  const width = p.width ?? 200;
  if (p.current <= 0 && p.total <= 0) return '';
  if (p.total <= 0) {
    return p.units ? `${Math.trunc(p.current)} ${p.units}` : humanSize(p.current).padStart(8);
  }
  let percentage = Math.floor(Math.trunc((p.current / p.total) * 100) / 2);
  if (percentage > 50) percentage = 50;
  let bar = '';
  if (width > 110) {
    const spaces = Math.max(50 - percentage, 0);
    bar = `[${'='.repeat(Math.max(percentage, 0))}>${' '.repeat(spaces)}] `;
  }
  let numbers = '';
  if (!p.hideCounts) {
    if (p.units) {
      numbers = `${Math.trunc(p.current)}/${Math.trunc(p.total)} ${p.units}`;
      if (p.current > p.total) numbers = `${Math.trunc(p.current)} ${p.units}`;
    } else {
      const current = humanSize(p.current);
      numbers = `${current.padStart(8)}/${humanSize(p.total)}`;
      if (p.current > p.total) numbers = current.padStart(8);
    }
  }
  let timeLeft = '';
  if (p.current > 0 && p.elapsedMs !== undefined && p.elapsedMs > 0 && percentage < 50) {
    const perEntryNs = Math.floor((p.elapsedMs * 1e6) / p.current);
    const leftSeconds = Math.floor(((p.total - p.current) * perEntryNs) / 1e9);
    if (width > 50) timeLeft = ' ' + goDurationSeconds(leftSeconds);
  }
  return bar + numbers + timeLeft;
}
