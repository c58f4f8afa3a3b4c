// Plain mode (`docker build --progress=plain`, or stderr not a terminal), as progressui's printer.go:
// append-only `#N …` text, a step's header printed again when output switches back to it.

import type { BuildEvent, FailedStep } from './events';
import { seconds, statusBytes } from './format';
import { isCompleted, isStarted, lastStop, runTime, Trace, type VertexState } from './trace';

/** A status update under 5% progress and under 5s since the last printed one is skipped. */
const MIN_TIME_DELTA = 5000;
const MIN_PROGRESS_DELTA = 0.05;

export interface PlainOptions {
  /** First line, printed as `#0 <desc>`; docker 27: `building with "default" instance using docker driver`. */
  desc?: string;
}

/** The builder description docker 27 prints with the default builder (plain mode). */
export const DEFAULT_PLAIN_DESC = 'building with "default" instance using docker driver';

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
