// Prints a build the way `docker build` (BuildKit's progressui, Docker 27) renders its solve-status
// stream: `--progress=plain` is append-only `#N …` text (printer.go), a terminal gets a frame redrawn in
// place (display.go), and a failed build ends with the failing step's last log lines, the Dockerfile
// excerpt (errdefs Source.Print) and `ERROR: failed to solve: …`. Pure: every time comes from the events
// (integer milliseconds since any epoch), never from a clock, so the same events give the same bytes.

/** A step of the build graph (BuildKit's client.Vertex). Sent again whenever it changes. */
export interface BuildVertex {
  /** Stable id of the step (a digest in BuildKit); statuses and logs point at it. */
  digest: string;
  /** What the step shows, e.g. `[2/4] COPY index.html /usr/share/nginx/html` or `[internal] load .dockerignore`. */
  name: string;
  /** When the step started (ms); a vertex that never started is counted but never shown. */
  started?: number;
  /** When the step finished (ms). */
  completed?: number;
  /** The step's result came from the build cache (`CACHED`). */
  cached?: boolean;
  /** Why the step failed, e.g. `process "/bin/sh -c foo" did not complete successfully: exit code: 127`. */
  error?: string;
}

/** A sub-task of a vertex (BuildKit's client.VertexStatus), e.g. `transferring dockerfile:` or `writing image sha256:…`. */
export interface BuildStatus {
  /** The vertex this status belongs to. */
  vertex: string;
  /** The text shown, also the status's identity: `transferring context:`, `naming to docker.io/library/x:1`. */
  id: string;
  /** Bytes done so far (0 when not a transfer). */
  current?: number;
  /** Bytes expected (0 when unknown). */
  total?: number;
  /** When this update was sent (ms). */
  timestamp: number;
  started?: number;
  completed?: number;
}

/** Output of a running step (BuildKit's client.VertexLog). `data` may hold several lines or half of one. */
export interface BuildLog {
  vertex: string;
  /** 1 stdout, 2 stderr (both are printed the same way). */
  stream: 1 | 2;
  data: string;
  /** When the bytes were written (ms); the printed prefix is the seconds since the step started. */
  timestamp: number;
}

/** One item of the solve-status stream, in the order the builder produced them. */
export type BuildEvent =
  | { type: 'vertex'; vertex: BuildVertex }
  | { type: 'status'; status: BuildStatus }
  | { type: 'log'; log: BuildLog };

/** A step that failed, with what the error block after the progress prints for it. */
export interface FailedStep {
  name: string;
  error: string;
  /** Its log lines with their elapsed-seconds prefix (`0.234 /bin/sh: foo: not found`). */
  logs: string[];
}

// ---------------------------------------------------------------------------------------------------
// Number formats (Go's fmt rounds exact halves to even; JS's toFixed rounds them up)

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
function statusBytes(s: BuildStatus): string {
  if (s.total) return `${buildBytes(s.current ?? 0)} / ${buildBytes(s.total)}`;
  if (s.current) return buildBytes(s.current);
  return '';
}

// ---------------------------------------------------------------------------------------------------
// The trace: what both printers know about the build so far

interface Interval {
  start: number;
  stop?: number;
}

interface VertexState {
  v: BuildVertex;
  /** Plain mode's `#N`, given when the vertex is first printed (0 = not yet). */
  index: number;
  /** Run intervals keyed by start time (a vertex may run more than once). */
  intervals: Map<number, Interval>;
  statuses: BuildStatus[];
  statusById: Map<string, BuildStatus>;
  statusUpdates: Set<string>;
  /** Log lines not yet printed (plain) / all lines (tty), each `"<sec> <text>"`. */
  logs: string[];
  /** The last line in `logs` has no newline yet. */
  logsPartial: boolean;
  /** How much of logs[0] plain mode has already printed. */
  logsOffset: number;
  /** Every complete line, for the error block (plain keeps the last 10). */
  history: string[];
  /** The history's unfinished last line, if any. */
  openLine: string | null;
}

/** Merges overlapping intervals (an open one swallows all later ones), as progressui's mergeIntervals. */
function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  let cur = sorted[0];
  if (!cur) return out;
  for (const next of sorted.slice(1)) {
    if (cur.stop === undefined) return [...out, cur];
    if (cur.stop < next.start) {
      out.push(cur);
      cur = next;
      continue;
    }
    if (next.stop === undefined) return [...out, { start: cur.start }];
    if (cur.stop >= next.stop) continue;
    cur = { start: cur.start, stop: next.stop };
  }
  out.push(cur);
  return out;
}

function merged(s: VertexState): Interval[] {
  return mergeIntervals([...s.intervals.values()]);
}

function isStarted(s: VertexState): boolean {
  return s.intervals.size > 0;
}

function isCompleted(s: VertexState): boolean {
  const m = merged(s);
  const last = m[m.length - 1];
  return last !== undefined && last.stop !== undefined;
}

function lastStop(s: VertexState): number {
  const m = merged(s);
  return m[m.length - 1]?.stop ?? Infinity;
}

/** Total run time of a vertex; open intervals run until `now`. */
function runTime(s: VertexState, now: number): number {
  return merged(s).reduce((sum, i) => sum + ((i.stop ?? now) - i.start), 0);
}

/** How many complete lines the error block keeps in plain mode (progressui's logsBufferSize). */
const LOGS_BUFFER_SIZE = 10;

class Trace {
  readonly byDigest = new Map<string, VertexState>();
  /** Vertexes in the order they started: the order the terminal lists them in. */
  readonly order: VertexState[] = [];
  startTime: number | undefined;
  /** The latest time any event carried: the clock of a deterministic frame. */
  latest = 0;

  constructor(private readonly keepAllLogs: boolean) {}

  /** Applies one event; returns the digest it updated, or null when nothing visible changed. */
  update(e: BuildEvent): string | null {
    if (e.type === 'vertex') return this.vertex(e.vertex);
    if (e.type === 'status') return this.status(e.status);
    return this.log(e.log);
  }

  private see(t: number | undefined): void {
    if (t !== undefined && t > this.latest) this.latest = t;
  }

  private vertex(v: BuildVertex): string | null {
    this.see(v.started);
    this.see(v.completed);
    if (this.startTime === undefined && v.started !== undefined) this.startTime = v.started;
    let s = this.byDigest.get(v.digest);
    const prev = s?.v;
    if (!s) {
      s = {
        v,
        index: 0,
        intervals: new Map(),
        statuses: [],
        statusById: new Map(),
        statusUpdates: new Set(),
        logs: [],
        logsPartial: false,
        logsOffset: 0,
        history: [],
        openLine: null,
      };
      this.byDigest.set(v.digest, s);
    }
    if (v.started !== undefined && !isStarted(s)) this.order.push(s);
    if (!prev || !isStarted(s) || v.started !== undefined) s.v = v;
    if (v.started !== undefined) {
      s.intervals.set(v.started, { start: v.started, stop: v.completed });
    }
    if (v.started === undefined) return null;
    const changed =
      !prev ||
      prev.name !== v.name ||
      prev.started !== v.started ||
      (prev.completed !== v.completed && v.completed !== undefined) ||
      Boolean(prev.cached) !== Boolean(v.cached) ||
      (prev.error ?? '') !== (v.error ?? '');
    return changed ? v.digest : null;
  }

  private status(st: BuildStatus): string | null {
    this.see(st.timestamp);
    this.see(st.completed);
    const s = this.byDigest.get(st.vertex);
    if (!s) return null;
    const prev = s.statusById.get(st.id);
    // a status is listed once it has started, in the order statuses started
    const at = prev ? s.statuses.indexOf(prev) : -1;
    if (at >= 0) s.statuses[at] = st;
    else if (st.started !== undefined) s.statuses.push(st);
    s.statusById.set(st.id, st);
    s.statusUpdates.add(st.id);
    return st.vertex;
  }

  private log(l: BuildLog): string | null {
    this.see(l.timestamp);
    const s = this.byDigest.get(l.vertex);
    if (!s || l.data === '') return null;
    const m = merged(s);
    const start = m[m.length - 1]?.start;
    const prefix = logPrefix(start === undefined ? 0 : l.timestamp - start);
    const pieces = l.data.split('\n');
    const complete = pieces[pieces.length - 1] === '';
    if (complete) pieces.pop();
    pieces.forEach((piece, i) => {
      if (i === 0 && s.logsPartial && s.logs.length > 0) {
        s.logs[s.logs.length - 1] += piece;
      } else {
        s.logs.push(`${prefix} ${piece}`);
      }
    });
    pieces.forEach((piece, i) => {
      const line = i === 0 && s.openLine !== null ? s.openLine + piece : `${prefix} ${piece}`;
      if (i === pieces.length - 1 && !complete) s.openLine = line;
      else {
        s.history.push(line);
        s.openLine = null;
      }
    });
    s.logsPartial = !complete;
    if (!this.keepAllLogs && s.history.length > LOGS_BUFFER_SIZE) {
      s.history.splice(0, s.history.length - LOGS_BUFFER_SIZE);
    }
    return l.vertex;
  }

  failed(): FailedStep[] {
    return this.order
      .filter((s) => s.v.error && !s.v.error.endsWith('context canceled'))
      .map((s) => ({ name: s.v.name, error: s.v.error ?? '', logs: [...s.history] }));
  }
}

// ---------------------------------------------------------------------------------------------------
// Plain mode (`--progress=plain`, or stderr not a terminal)

/** A status update under 5% progress and under 5s since the last printed one is skipped. */
const MIN_TIME_DELTA = 5000;
const MIN_PROGRESS_DELTA = 0.05;

export interface PlainOptions {
  /** First line, printed as `#0 <desc>`; docker 27: `building with "default" instance using docker driver`. */
  desc?: string;
}

/** The builder description docker 27 prints with the default builder (plain mode). */
export const DEFAULT_PLAIN_DESC = 'building with "default" instance using docker driver';
/** The builder description docker 27 puts at the right of the terminal header. */
export const DEFAULT_TTY_DESC = 'docker:default';

/**
 * Append-only text as `docker build --progress=plain` prints it. Vertex numbers are given in the order
 * vertexes are first printed; a vertex's `#N name` header is printed again when output switches back to
 * it (the one left gets `#M ...`); logs are `#N <seconds since the step started> <line>`.
 */
export class PlainPrinter {
  private readonly trace = new Trace(false);
  private readonly pending = new Set<string>();
  private current: string | null = null;
  private nextIndex = 0;
  private notFirst = false;
  private readonly lastStatus = new Map<string, { current: number; timestamp: number }>();

  constructor(
    private readonly out: (text: string) => void,
    opts: PlainOptions = {},
  ) {
    if (opts.desc) {
      this.out(`#0 ${opts.desc}\n`);
      this.notFirst = true;
    }
  }

  write(e: BuildEvent): void {
    const d = this.trace.update(e);
    if (d !== null) this.pending.add(d);
    this.flush();
  }

  /** Prints what is still pending. The failure block is `errorEpilogue`'s (see `failed()`). */
  finish(): void {
    this.flush();
  }

  /** The steps that failed, with the last 10 log lines the error block shows. */
  failed(): FailedStep[] {
    return this.trace.failed();
  }

  private state(d: string): VertexState {
    const s = this.trace.byDigest.get(d);
    if (!s) throw new Error(`unknown vertex ${d}`);
    return s;
  }

  /** progressui's textMux.print for one round of updates. */
  private flush(): void {
    const completed: VertexState[] = [];
    const rest: VertexState[] = [];
    for (const d of this.pending) {
      const s = this.state(d);
      if (!isStarted(s)) continue;
      (isCompleted(s) ? completed : rest).push(s);
    }
    const current = this.current;
    // finished vertexes first: the one being shown, then by completion time
    if (current !== null && completed.some((s) => s.v.digest === current)) this.printVtx(current);
    completed.sort((a, b) => lastStop(a) - lastStop(b));
    for (const s of completed) if (s.v.digest !== current) this.printVtx(s.v.digest);

    if (rest.length === 0) {
      if (current !== null) {
        const c = this.state(current);
        if (isStarted(c) && !isCompleted(c)) return;
      }
      const open = this.trace.order.find((s) => isStarted(s) && !isCompleted(s));
      if (open) this.printVtx(open.v.digest);
      return;
    }
    if (current !== null && rest.some((s) => s.v.digest === current)) this.printVtx(current);
    if (this.current === null) {
      // nothing is being shown: the vertex with pending output takes over (BuildKit picks the busiest;
      // with one event at a time that is the earliest started)
      const next = rest.find((s) => s.v.digest !== current) ?? rest[0];
      if (next) this.printVtx(next.v.digest);
    }
    // another vertex is being shown and still open: BuildKit waits (anti-flicker) and prints these
    // updates once it completes
  }

  private printVtx(d: string): void {
    const s = this.state(d);
    const w = this.out;
    if (s.index === 0) s.index = ++this.nextIndex;
    if (d !== this.current) {
      if (this.current !== null) {
        const old = this.state(this.current);
        if (old.logsPartial) w('\n');
        old.logsOffset = 0;
        w(`#${old.index} ...\n`);
      }
      if (this.notFirst) w('\n');
      this.notFirst = true;
      w(`#${s.index} ${s.v.name}\n`);
    }

    let openStatus = false;
    for (const st of s.statuses) {
      if (!s.statusUpdates.has(st.id)) continue;
      const last = this.lastStatus.get(st.id);
      if (last && st.completed === undefined) {
        const progress = st.total ? ((st.current ?? 0) - last.current) / st.total : 0;
        if (progress < MIN_PROGRESS_DELTA && st.timestamp - last.timestamp < MIN_TIME_DELTA) continue;
      }
      this.lastStatus.set(st.id, { current: st.current ?? 0, timestamp: st.timestamp });
      const bytes = statusBytes(st);
      let tm = '';
      const end = st.completed ?? st.timestamp;
      if (st.started !== undefined && end - st.started > 10) tm = ` ${seconds(end - st.started)}`;
      if (st.completed !== undefined) tm += ' done';
      else openStatus = true;
      w(`#${s.index} ${st.id}${bytes ? ` ${bytes}` : ''}${tm}\n`);
    }
    s.statusUpdates.clear();

    s.logs.forEach((line, i) => {
      const text = i === 0 ? line.slice(s.logsOffset) : line;
      if (i === 0 && s.logsOffset > 0) w(text);
      else w(`#${s.index} ${text}`);
      if (i !== s.logs.length - 1 || !s.logsPartial) w('\n');
    });
    if (s.logs.length > 0) {
      if (s.logsPartial) {
        s.logs = s.logs.slice(-1);
        s.logsOffset = (s.logs[0] ?? '').length;
      } else {
        s.logs = [];
        s.logsOffset = 0;
      }
    }

    this.current = d;
    if (isCompleted(s) && !openStatus) {
      this.current = null;
      if (s.logsPartial) w('\n');
      const err = s.v.error;
      if (err) {
        w(err.endsWith('context canceled') ? `#${s.index} CANCELED\n` : `#${s.index} ERROR: ${err}\n`);
      } else if (s.v.cached) {
        w(`#${s.index} CACHED\n`);
      } else {
        w(`#${s.index} DONE ${seconds(runTime(s, this.trace.latest))}\n`);
      }
    }
    this.pending.delete(d);
  }
}

// ---------------------------------------------------------------------------------------------------
// Terminal mode: a frame redrawn in place

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

// ---------------------------------------------------------------------------------------------------
// After a failed build

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
