// The pictures' live state: which stack is in focus, the pull under way, the animation cues, and the
// sentences for the aria-live region. Fed by engine events only; everything else the pictures show is
// read from the engine's state when `version` moves. Bursts (500 files written by one command) are
// gathered and handed over once per frame, so the page never redraws 500 times.

import type { Engine } from '../../engine/engine';
import type { EngineEvent, PullStatus } from '../../engine/events';
import type { ContainerId, ImageId } from '../../engine/ids';
import type { BuildMarks, Focus } from './model';
import { NO_BUILD_MARKS, buildMarksOf, defaultFocus, focusExists, withBuildStep } from './model';
import { Narrator } from './narrator';

export type CueKind =
  | 'copy-up'
  | 'whiteout'
  | 'opaque'
  | 'write'
  | 'create'
  | 'remove'
  | 'upper-new'
  | 'commit'
  | 'http'
  | 'layer-arrived'
  | 'layer-exists';

/** Something to animate once. `seq` grows by one per cue; a view animates the cues it has not seen. */
export interface Cue {
  readonly seq: number;
  readonly kind: CueKind;
  readonly containerId?: string;
  readonly imageId?: string;
  readonly path?: string;
  /** For copy-up: the layer the file came from; for http: the layer that served it. */
  readonly layer?: number | null;
  readonly bytes?: number;
  readonly chainId?: string | null;
}

export interface PullLayerView {
  readonly id: string;
  readonly diffId: string;
  readonly size: number;
  readonly exists: boolean;
  status: PullStatus | 'Pending';
  current: number;
  total: number;
}

export interface PullView {
  readonly ref: string;
  /** Bottom first, as the registry lists them. */
  layers: PullLayerView[];
  done: boolean;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** How many cues a view animates one by one; past that, changes appear at once. */
export const CUE_LIMIT = 24;
const KEEP_CUES = 2048;
const KEEP_LINES = 40;

export interface LiveOptions {
  /** Schedules the once-per-frame hand-over (requestAnimationFrame in the page). */
  schedule?: (fn: () => void) => void;
}

export class Live {
  /** Moves whenever the engine's state may have changed: derive models from it. */
  version = $state(0);
  focus = $state<Focus | null>(null);
  pull = $state<PullView | null>(null);
  /** The newest cue's seq: views read `cuesSince(seen)` when it moves. */
  cueSeq = $state(0);
  /** The path selected (or hovered) in the union view, for the provenance panel. */
  selected = $state<string | null>(null);
  /** A layer's own changes shown in the union view (its index), or null for the combined view. */
  layerMode = $state<number | null>(null);
  /** The latest sentences, oldest first, for the aria-live log. */
  lines = $state<string[]>([]);
  /** How many sentences have been said in all (lines keeps only the last few). */
  lineCount = $state(0);
  speed = $state<Speed>(1);
  reducedMotion = $state(false);
  /** The most recent build's marks by ChainID (cache hit or rebuilt), kept until the next build. */
  buildMarks = $state.raw<BuildMarks>(NO_BUILD_MARKS);

  /** Whether the last build has ended: the next step starts a new build's marks. */
  private buildEnded = true;

  private cues: Cue[] = [];
  private nextSeq = 1;
  private pendingLines: string[] = [];
  private scheduled = false;
  private readonly narrator: Narrator;
  private readonly schedule: (fn: () => void) => void;
  private readonly off: () => void;

  constructor(
    readonly engine: Engine,
    opts: LiveOptions = {},
  ) {
    this.narrator = new Narrator(engine);
    this.schedule = opts.schedule ?? ((fn) => queueMicrotask(fn));
    this.focus = defaultFocus(engine);
    this.off = engine.on((e) => this.take(e));
  }

  dispose(): void {
    this.off();
  }

  /** Milliseconds an animation of `ms` at 1× takes now: 0 under reduced motion. */
  duration(ms: number): number {
    return this.reducedMotion ? 0 : ms / this.speed;
  }

  /** The cues after `seen`, oldest first (at most the last few hundred). */
  cuesSince(seen: number): Cue[] {
    return this.cues.filter((c) => c.seq > seen);
  }

  /** The learner chose a stack (clicked the graph, picked from the list). */
  setFocus(focus: Focus | null): void {
    this.focus = focus;
    this.selected = null;
    this.layerMode = null;
  }

  private cue(c: Omit<Cue, 'seq'>): void {
    this.cues.push({ ...c, seq: this.nextSeq++ });
    if (this.cues.length > KEEP_CUES) this.cues.splice(0, this.cues.length - KEEP_CUES);
  }

  private focusContainer(id: ContainerId): void {
    if (this.focus?.kind !== 'container' || this.focus.id !== id) {
      this.focus = { kind: 'container', id };
      this.selected = null;
      this.layerMode = null;
    }
  }

  private take(e: EngineEvent): void {
    this.pendingLines.push(...this.narrator.take(e));
    switch (e.type) {
      case 'fs': {
        const c = e.change;
        this.focusContainer(e.id);
        const last = this.cues.at(-1);
        if (
          c.type === 'write' &&
          last?.containerId === e.id &&
          last.path === c.path &&
          (last.kind === 'create' || last.kind === 'copy-up')
        ) {
          // One cue per file: the write joins the file's creation (with its bytes) or its copy-up.
          if (last.kind === 'create') this.cues[this.cues.length - 1] = { ...last, bytes: c.bytes };
          break;
        }
        this.cue({
          kind: c.type,
          containerId: e.id,
          path: c.path,
          layer: c.type === 'copy-up' ? c.fromLayer : undefined,
          bytes: c.type === 'copy-up' || c.type === 'write' ? c.bytes : undefined,
        });
        break;
      }
      case 'pull-start':
        this.pull = {
          ref: e.ref,
          done: false,
          layers: e.layers.map((l) => ({
            id: l.id,
            diffId: l.diffId,
            size: l.size,
            exists: l.exists,
            status: l.exists ? 'Already exists' : 'Pending',
            current: 0,
            total: l.blobSize,
          })),
        };
        break;
      case 'pull-progress': {
        const layer = this.pull?.layers.find((l) => l.id === e.id);
        if (layer) {
          layer.status = e.status;
          if (e.current !== undefined) layer.current = e.current;
          if (e.total !== undefined) layer.total = e.total;
          if (e.status === 'Already exists') this.cue({ kind: 'layer-exists', chainId: null, path: e.id });
          if (e.status === 'Pull complete') this.cue({ kind: 'layer-arrived', chainId: null, path: e.id });
        }
        break;
      }
      case 'pull-done':
        if (this.pull) this.pull.done = true;
        if (this.focus?.kind !== 'container' || !focusExists(this.engine, this.focus))
          this.focus = { kind: 'image', id: e.imageId };
        break;
      case 'pull-cancelled':
        if (this.pull) this.pull.done = true;
        break;
      case 'container-created':
        this.focusContainer(e.id);
        this.cue({ kind: 'upper-new', containerId: e.id });
        break;
      case 'container-started':
        this.focusContainer(e.id);
        break;
      case 'commit':
        this.cue({ kind: 'commit', containerId: e.id, imageId: e.imageId, chainId: e.chainId });
        break;
      case 'http':
        this.focusContainer(e.id);
        this.selected = e.path;
        this.cue({ kind: 'http', containerId: e.id, path: e.path, layer: e.layer });
        break;
      case 'build-step':
        this.buildMarks = withBuildStep(this.buildEnded ? NO_BUILD_MARKS : this.buildMarks, e.step);
        this.buildEnded = false;
        break;
      case 'build-done':
        // The end lists every finished step: a failed build's marks stay for the steps that ran.
        this.buildMarks = buildMarksOf(e.steps);
        this.buildEnded = true;
        // The image just built is the news: its bands carry the marks.
        if (e.imageId && this.engine.state.images.has(e.imageId))
          this.setFocus({ kind: 'image', id: e.imageId });
        break;
      case 'restored':
        this.buildMarks = NO_BUILD_MARKS;
        this.buildEnded = true;
        break;
      default:
        break;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.handOver());
    }
  }

  /** Once per frame: the state moved, new cues and sentences are ready. */
  private handOver(): void {
    this.scheduled = false;
    if (!focusExists(this.engine, this.focus)) this.focus = defaultFocus(this.engine);
    this.pendingLines.push(...this.narrator.flush());
    if (this.pendingLines.length) {
      this.lines = [...this.lines, ...this.pendingLines].slice(-KEEP_LINES);
      this.lineCount += this.pendingLines.length;
      this.pendingLines = [];
    }
    this.cueSeq = this.nextSeq - 1;
    this.version += 1;
  }

  /** The image a focus stands on (for a container, its image). */
  imageOfFocus(): ImageId | null {
    const f = this.focus;
    if (!f) return null;
    if (f.kind === 'image') return f.id;
    return this.engine.state.containers.get(f.id)?.imageId ?? null;
  }
}
