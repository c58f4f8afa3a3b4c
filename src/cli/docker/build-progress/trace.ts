// The trace both printers build from the event stream: each step's run intervals, sub-task statuses
// and log lines, in the order steps started, plus which steps failed. The clock is the latest event time.

import type { BuildEvent, BuildLog, BuildStatus, BuildVertex, FailedStep } from './events';
import { logPrefix } from './format';

export interface Interval {
  start: number;
  stop?: number;
}

export interface VertexState {
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

export function merged(s: VertexState): Interval[] {
  return mergeIntervals([...s.intervals.values()]);
}

export function isStarted(s: VertexState): boolean {
  return s.intervals.size > 0;
}

export function isCompleted(s: VertexState): boolean {
  const m = merged(s);
  const last = m[m.length - 1];
  return last !== undefined && last.stop !== undefined;
}

export function lastStop(s: VertexState): number {
  const m = merged(s);
  return m[m.length - 1]?.stop ?? Infinity;
}

/** Total run time of a vertex; open intervals run until `now`. */
export function runTime(s: VertexState, now: number): number {
  return merged(s).reduce((sum, i) => sum + ((i.stop ?? now) - i.start), 0);
}

/** How many complete lines the error block keeps in plain mode (progressui's logsBufferSize). */
const LOGS_BUFFER_SIZE = 10;

export class Trace {
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
