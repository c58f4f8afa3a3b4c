// The host's past, one snapshot per command: the sandbox's Undo and the presenter's step back both
// read it, so there is one per engine. The state before command N is the snapshot taken when command
// N-1 finished (or when the timeline started). Snapshots share layers and file entries with the live
// host (engine/snapshot.ts), so keeping many costs little.

import type { Engine } from '../../engine/engine';
import type { HostSnapshot } from '../../engine/snapshot';
import type { TerminalApi } from '../terminal/api';

export const UNDO_LIMIT = 100;

interface Entry {
  readonly snap: HostSnapshot;
  /** The command that ran after this snapshot was taken. */
  readonly label: string;
}

export class Timeline {
  /** How many commands can be undone (reactive). */
  count = $state(0);
  private entries: Entry[] = [];
  /** Entries dropped from the bottom since the start (positions stay absolute). */
  private dropped = 0;
  private current: HostSnapshot;
  private offCommand: (() => void) | null = null;
  private terminal: TerminalApi | null = null;
  private readonly offEngine: () => void;

  constructor(
    readonly engine: Engine,
    private readonly limit = UNDO_LIMIT,
  ) {
    this.current = engine.snapshot();
    // Another tab's changes were read in: stepping back past them would wipe that tab's work.
    this.offEngine = engine.on((e) => {
      if (e.type === 'synced') this.rebase();
    });
  }

  /** Records a snapshot after every command the terminal runs. */
  listen(terminal: TerminalApi): void {
    if (this.terminal === terminal) return;
    this.offCommand?.();
    this.terminal = terminal;
    this.offCommand = terminal.onCommand((rec) => this.record(rec.line));
  }

  dispose(): void {
    this.offEngine();
    this.offCommand?.();
    this.offCommand = null;
    this.terminal = null;
  }

  /** A command finished: the state before it becomes an undo step. */
  record(label: string): void {
    this.entries.push({ snap: this.current, label });
    if (this.entries.length > this.limit) {
      const extra = this.entries.length - this.limit;
      this.entries.splice(0, extra);
      this.dropped += extra;
    }
    this.current = this.engine.snapshot();
    this.count = this.entries.length;
  }

  /** Where the host is now, as an absolute position (grows by one per command). */
  get position(): number {
    return this.dropped + this.entries.length;
  }

  /** The command the next undo takes back, or null. */
  get lastLabel(): string | null {
    return this.entries.at(-1)?.label ?? null;
  }

  /** Whether the host can still go back to `position`. */
  canRewindTo(position: number): boolean {
    return position >= this.dropped && position <= this.position;
  }

  /** Puts the host back as it was at `position`; returns the commands taken back, oldest first. */
  async rewindTo(position: number): Promise<string[]> {
    if (!this.canRewindTo(position)) throw new Error('that point is no longer kept');
    const at = position - this.dropped;
    const snap = at === this.entries.length ? this.current : this.entries[at]!.snap;
    await this.engine.restore(snap);
    const undone = this.entries.splice(at).map((e) => e.label);
    this.current = snap;
    this.count = this.entries.length;
    return undone;
  }

  /** Takes back the last command; returns it, or null when there is nothing to undo. */
  async undo(): Promise<string | null> {
    if (this.entries.length === 0) return null;
    const [label] = await this.rewindTo(this.position - 1);
    return label ?? null;
  }

  /** Forgets the past (after a reset or an import): the host as it is now is the new start. */
  rebase(): void {
    this.dropped += this.entries.length;
    this.entries = [];
    this.current = this.engine.snapshot();
    this.count = 0;
  }
}

const timelines = new WeakMap<Engine, Timeline>();

/** The engine's one timeline, listening to `terminal`'s commands. */
export function timelineFor(engine: Engine, terminal: TerminalApi): Timeline {
  let tl = timelines.get(engine);
  if (!tl) {
    tl = new Timeline(engine);
    timelines.set(engine, tl);
  }
  tl.listen(terminal);
  return tl;
}
