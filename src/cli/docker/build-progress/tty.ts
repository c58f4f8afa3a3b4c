// Terminal mode, as progressui's display.go: a frame (header, then one line per started step and
// sub-task with its time) redrawn in place with cursor movements, coloured by how each step ended.

import type { BuildEvent, FailedStep } from './events';
import { goFixed, statusBytes } from './format';
import { isCompleted, merged, Trace, type Interval } from './trace';

/** The builder description docker 27 puts at the right of the terminal header. */
export const DEFAULT_TTY_DESC = 'docker:default';

const CSI = '\x1b[';
const BLUE = `${CSI}34m`;
const RED = `${CSI}31m`;
const YELLOW = `${CSI}33m`;
const RESET = `${CSI}0m`;
const HIDE = `${CSI}?25l`;
const SHOW = `${CSI}?25h`;

export interface TtyOptions {
  /** Terminal width in columns. */
  columns: number;
  /** Terminal height in rows (non-final frames show the last `rows - 2` lines); default 24. */
  rows?: number;
  /** Right-aligned on the header line; docker 27 with the default builder: `docker:default`. */
  desc?: string;
  /** The word after `[+]` (default `Building`). */
  phase?: string;
  /** Least event time between two redraws (BuildKit: 100ms); 0 redraws on every event. */
  frameGapMs?: number;
}

/** One line of the terminal view, before colour. */
export interface TtyLine {
  text: string;
  /** How BuildKit colours it: finished lines blue, failed red, cancelled yellow, running plain. */
  tone: 'running' | 'done' | 'error' | 'canceled';
}

interface Job {
  name: string;
  status: string;
  intervals: Interval[];
  completed: boolean;
  tone: TtyLine['tone'];
}

/** Go's `%-*s %s`: left padded to `w - len(r) - 1`, a space, then `r`. */
function align(l: string, r: string, w: number): string {
  return `${l.padEnd(w - r.length - 1)} ${r}`;
}

/**
 * The terminal view of `docker build`: `[+] Building 1.2s (8/8) FINISHED   docker:default`, then one line
 * per started step (` => CACHED [2/3] …   0.0s`) and per sub-task (` => => writing image sha256:… 0.0s`),
 * redrawn in place with cursor-up movements. The final frame (from `finish`) lists every line.
 */
export class TtyPrinter {
  private readonly trace = new Trace(true);
  private lineCount = 0;
  private repeated = false;
  private lastFrameAt: number | null = null;

  constructor(
    private readonly out: (text: string) => void,
    private readonly opts: TtyOptions,
  ) {}

  write(e: BuildEvent): void {
    this.trace.update(e);
    const gap = this.opts.frameGapMs ?? 100;
    const now = this.trace.latest;
    if (this.lastFrameAt !== null && now - this.lastFrameAt < gap) return;
    this.lastFrameAt = now;
    this.draw(false, now);
  }

  /** Draws the final frame; `now` (ms) defaults to the latest time any event carried. */
  finish(now?: number): void {
    this.draw(true, now ?? this.trace.latest);
  }

  /** The steps that failed, with all their log lines (the terminal keeps them all). */
  failed(): FailedStep[] {
    return this.trace.failed();
  }

  /** The lines of a frame at `now` without colour or cursor movement (the header first). */
  frame(final: boolean, now: number = this.trace.latest): TtyLine[] {
    const width = this.opts.columns;
    const header = this.header(final, now);
    const lines: TtyLine[] = [{ text: header, tone: 'running' }];
    let jobs = this.jobs();
    if (!final) {
      const limit = (this.opts.rows ?? 24) - 2;
      jobs = limit <= 0 ? [] : jobs.slice(Math.max(0, jobs.length - limit));
    }
    for (const j of jobs) {
      if (j.intervals.length === 0) continue;
      let dt = j.intervals.reduce((sum, i) => sum + ((i.stop ?? now) - i.start), 0) / 1000;
      if (dt < 0.05) dt = 0;
      const pfx = ' => ';
      const timer = ` ${goFixed(dt, 1)}s`;
      // BuildKit counts the timer's newline in its width
      let left = width - pfx.length - (timer.length + 1) - 1;
      let showStatus = false;
      if (j.status !== '' && left + j.status.length > 20) {
        showStatus = true;
        left -= j.status.length + 1;
      }
      if (left < 12) continue;
      let text = pfx + j.name.slice(0, left);
      if (showStatus) text += ` ${j.status}`;
      // Go's align(out, timer+"\n", width): the line is width - 1 columns
      text = align(text, timer, width - 1);
      lines.push({ text, tone: j.completed ? j.tone : 'running' });
    }
    return lines;
  }

  private header(final: boolean, now: number): string {
    const width = this.opts.columns;
    const all = [...this.trace.byDigest.values()];
    const total = all.length;
    const done = all.filter(isCompleted).length;
    const status = done > 0 && done === total && final ? 'FINISHED' : '';
    const elapsed = (now - (this.trace.startTime ?? now)) / 1000;
    let out = `[+] ${this.opts.phase ?? 'Building'} ${goFixed(elapsed, 1)}s (${done}/${total}) ${status}`;
    out = this.opts.desc ? align(out, this.opts.desc, width - 1) : align(out, '', width);
    return out.length > width ? out.slice(0, width) : out;
  }

  private jobs(): Job[] {
    const jobs: Job[] = [];
    for (const s of this.trace.order) {
      let name = s.v.name.replaceAll('\t', ' ');
      let tone: TtyLine['tone'] = 'done';
      const err = s.v.error;
      if (err) {
        if (err.endsWith('context canceled')) {
          tone = 'canceled';
          name = `CANCELED ${name}`;
        } else {
          tone = 'error';
          name = `ERROR ${name}`;
        }
      }
      if (s.v.cached) name = `CACHED ${name}`;
      const intervals = merged(s);
      jobs.push({
        name,
        status: '',
        intervals,
        completed: [...s.intervals.values()].every((i) => i.stop !== undefined),
        tone,
      });
      for (const st of s.statuses) {
        jobs.push({
          name: `=> ${st.id}`,
          status: statusBytes(st),
          intervals: st.started === undefined ? [] : [{ start: st.started, stop: st.completed }],
          completed: st.completed !== undefined,
          tone: 'done',
        });
      }
    }
    return jobs;
  }

  private draw(final: boolean, now: number): void {
    const lines = this.frame(final, now);
    let move = `${CSI}1A`.repeat(this.lineCount + 1);
    if (!this.repeated) move += `${CSI}1B`;
    this.repeated = true;
    let text = `${move}${CSI}0G${HIDE}`;
    const [header, ...rows] = lines;
    text += `${header?.text ?? ''}\n`;
    for (const l of rows) {
      const color = l.tone === 'done' ? BLUE : l.tone === 'error' ? RED : l.tone === 'canceled' ? YELLOW : '';
      text += color ? `${color}${l.text}\n${RESET}` : `${l.text}\n`;
    }
    const diff = this.lineCount - rows.length;
    if (diff > 0) {
      text += `${' '.repeat(this.opts.columns)}\n`.repeat(diff);
      text += `${CSI}${diff}A${CSI}0G`;
    }
    this.lineCount = rows.length;
    this.out(text + SHOW);
  }
}
