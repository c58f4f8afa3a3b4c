// What the pictures show, read from the engine's state: the stack of the focused container or image,
// its union view with provenance, one layer's own changes, and every layer that has a path. Pure: no
// DOM, no Svelte, so it is tested in Node against a real engine.

import type { Engine } from '../../engine/engine';
import type { Entry, EntryType } from '../../engine/fs/entry';
import { entrySize } from '../../engine/fs/entry';
import type { EntrySource } from '../../engine/fs/layer';
import { Layer } from '../../engine/fs/layer';
import { join } from '../../engine/fs/path';
import { Union } from '../../engine/fs/union';
import type { View } from '../../engine/fs/view';
import type { BuildStepMark } from '../../engine/events';
import type { ContainerId, ImageId } from '../../engine/ids';
import type { ContainerRec, ImageRec } from '../../engine/state';

export type Focus = { kind: 'container'; id: ContainerId } | { kind: 'image'; id: ImageId };

export type StackKind = 'image' | 'init' | 'upper';

export interface StackLayer {
  /** Stable across renders: the ChainID for image layers, `init:<id>` / `upper:<id>` for a container's. */
  readonly key: string;
  readonly kind: StackKind;
  /** Index in the view's stack, bottom = 0: what `Found.layer`, fs and http events call a layer. */
  readonly index: number;
  /** 1-based number among the image's layers (0 for init and upper). */
  readonly n: number;
  /** The history instruction that made the layer (`created_by`), '' when unknown. */
  readonly instruction: string;
  readonly diffId: string | null;
  readonly chainId: string | null;
  /** Bytes of file content in the layer. */
  readonly size: number;
  /** Entries the layer holds (whiteouts included). */
  readonly entries: number;
  /** How many local images stand on this layer (image layers only). */
  readonly sharedBy: number;
}

export interface StackModel {
  readonly focus: Focus;
  /** The container's name or the image's first tag (or short id). */
  readonly name: string;
  /** The image as named (a tag, or a short id when it has none). */
  readonly image: string;
  readonly kernel: string;
  /** Bottom first. */
  readonly layers: readonly StackLayer[];
  /** The merged view: for a container the image layers + init + writable layer. */
  readonly view: View;
  readonly status: string | null;
}

export const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

export function imageName(engine: Engine, img: ImageRec): string {
  return engine.state.tagsOf(img.id)[0] ?? shortId(img.id);
}

function containerOf(engine: Engine, id: string): ContainerRec | undefined {
  return engine.state.containers.get(id as ContainerId);
}

/** What to show when nothing has been chosen: the newest running container, else the newest image. */
export function defaultFocus(engine: Engine): Focus | null {
  const ctrs = [...engine.state.containers.values()].sort((a, b) => b.created - a.created);
  const running = ctrs.find((c) => c.state.status === 'running') ?? ctrs[0];
  if (running) return { kind: 'container', id: running.id };
  const imgs = [...engine.state.images.values()].sort((a, b) => b.loadedAt - a.loadedAt);
  const img = imgs[0];
  return img ? { kind: 'image', id: img.id } : null;
}

/** Whether `focus` still names something on the host. */
export function focusExists(engine: Engine, focus: Focus | null): focus is Focus {
  if (!focus) return false;
  return focus.kind === 'container'
    ? engine.state.containers.has(focus.id)
    : engine.state.images.has(focus.id);
}

/** The `created_by` of each non-empty history entry, in layer order. */
export function layerInstructions(img: ImageRec | undefined, count: number): string[] {
  const out: string[] = [];
  for (const h of img?.config.history ?? []) if (!h.empty_layer) out.push(h.created_by ?? '');
  // Images without history (loaded, or made by hand) get blanks rather than misaligned labels.
  return out.length === count ? out : Array.from({ length: count }, () => '');
}

function usersByChain(engine: Engine): Map<string, number> {
  const users = new Map<string, number>();
  for (const img of engine.state.images.values())
    for (const c of engine.chainIdsOf(img.diffIds)) users.set(c, (users.get(c) ?? 0) + 1);
  return users;
}

/** The stack of the focused container or image, bottom first, or null when it is gone. */
export function stackModel(engine: Engine, focus: Focus | null): StackModel | null {
  if (!focusExists(engine, focus)) return null;
  const ctr = focus.kind === 'container' ? containerOf(engine, focus.id) : undefined;
  const img = ctr ? engine.state.images.get(ctr.imageId) : engine.state.images.get(focus.id as ImageId);
  const diffIds = ctr ? ctr.diffIds : (img?.diffIds ?? []);
  const chainIds = engine.chainIdsOf(diffIds);
  const instructions = layerInstructions(img, diffIds.length);
  const users = usersByChain(engine);
  const layers: StackLayer[] = chainIds.map((chainId, i) => {
    const rec = engine.state.layers.get(chainId);
    return {
      key: chainId,
      kind: 'image',
      index: i,
      n: i + 1,
      instruction: instructions[i] ?? '',
      diffId: diffIds[i] ?? null,
      chainId,
      size: rec?.size ?? 0,
      entries: rec?.layer.count ?? 0,
      sharedBy: users.get(chainId) ?? 0,
    };
  });
  let view: View;
  if (ctr) {
    layers.push({
      key: `init:${ctr.id}`,
      kind: 'init',
      index: chainIds.length,
      n: 0,
      instruction: '',
      diffId: null,
      chainId: null,
      size: ctr.init.size,
      entries: ctr.init.count,
      sharedBy: 0,
    });
    layers.push({
      key: `upper:${ctr.id}`,
      kind: 'upper',
      index: chainIds.length + 1,
      n: 0,
      instruction: '',
      diffId: null,
      chainId: null,
      size: ctr.upper.size,
      entries: ctr.upper.entries.size,
      sharedBy: 0,
    });
    view = ctr.upper.view();
  } else {
    view = imageView(engine, diffIds);
  }
  const imageLabel = ctr ? ctr.imageRef : img ? imageName(engine, img) : '';
  return {
    focus,
    name: ctr ? ctr.name : imageLabel,
    image: imageLabel,
    kernel: engine.settings.kernel,
    layers,
    view,
    status: ctr ? ctr.state.status : null,
  };
}

const imageViews = new WeakMap<Engine, Map<string, Union>>();

function imageView(engine: Engine, diffIds: readonly string[]): Union {
  let views = imageViews.get(engine);
  if (!views) imageViews.set(engine, (views = new Map()));
  const chainIds = engine.chainIdsOf(diffIds as never);
  const key = chainIds.at(-1) ?? 'empty';
  let u = views.get(key);
  if (!u) {
    const layers = chainIds.map((c) => engine.state.layers.get(c)?.layer ?? Layer.EMPTY);
    u = new Union(layers);
    views.set(key, u);
  }
  return u;
}

// ---- the most recent build's marks ----

/** How the most recent build got a layer: reused from the build cache, or made now. */
export interface BuildMark {
  /** The step's name as the progress shows it, e.g. `[3/4] RUN apk add curl`. */
  readonly name: string;
  readonly cached: boolean;
}

/** The marks by ChainID, where a stack's image bands look up theirs. */
export type BuildMarks = ReadonlyMap<string, BuildMark>;

/** No build yet (or the host was restored): nothing marked. Never changed: each build makes new maps. */
export const NO_BUILD_MARKS: BuildMarks = new Map();

/**
 * `marks` with one finished step added. Only steps that made a layer of their own are marked: an
 * empty step's ChainID is its parent's layer, and FROM's layers belong to the base image, not the build.
 */
export function withBuildStep(marks: BuildMarks, step: BuildStepMark): BuildMarks {
  if (step.kind === 'FROM' || !step.chainId || !step.diffId) return marks;
  const next = new Map(marks);
  next.set(step.chainId, { name: step.name, cached: step.cached });
  return next;
}

/** The marks of a whole build (the steps that finished, in order). */
export function buildMarksOf(steps: readonly BuildStepMark[]): BuildMarks {
  return steps.reduce<BuildMarks>(withBuildStep, NO_BUILD_MARKS);
}

// ---- the union view and one layer's changes ----

export type Mark = 'A' | 'M' | 'R';

export interface TreeRow {
  readonly path: string;
  readonly name: string;
  /** What the entry is; 'whiteout' rows appear only in a layer's own changes. */
  readonly type: EntryType;
  /** The layer that supplies the entry (in a layer's own changes, that layer). */
  readonly layer: number;
  /** Lower layers whose version this one hides, nearest first. */
  readonly shadowed: readonly number[];
  /** A directory that hides everything below it in lower layers. */
  readonly opaque: boolean;
  readonly size: number;
  /** Symlink or hard-link target. */
  readonly target?: string;
  /** In a layer's own changes: added, modified (a lower layer has it) or removed (a whiteout). */
  readonly mark?: Mark;
  readonly hasChildren: boolean;
}

function rowOf(path: string, name: string, e: Entry, layer: number, shadowed: readonly number[]): TreeRow {
  return {
    path,
    name,
    type: e.type,
    layer,
    shadowed,
    opaque: e.type === 'dir' && e.opaque === true,
    size: entrySize(e),
    target: e.type === 'symlink' || e.type === 'hardlink' ? e.target : undefined,
    hasChildren: false,
  };
}

/** The merged children of `dir`, each with the layer that supplies it. */
export function unionChildren(view: View, dir: string): TreeRow[] {
  return view.names(dir).map((name) => {
    const path = join(dir, name);
    const f = view.lookup(path);
    if (!f) throw new Error(`${path} is listed but not found`);
    const row = rowOf(path, name, f.entry, f.layer, f.shadowed);
    return f.entry.type === 'dir' ? { ...row, hasChildren: view.names(path).length > 0 } : row;
  });
}

const prefixes = new WeakMap<EntrySource, Map<number, Union>>();

/** The union of the layers below `index` (all of them image or init layers: plain Layers). */
export function viewBelow(view: View, index: number): Union {
  const key = view.sources[Math.max(0, index - 1)] ?? Layer.EMPTY;
  let byDepth = prefixes.get(key);
  if (!byDepth) prefixes.set(key, (byDepth = new Map()));
  let u = byDepth.get(index);
  if (!u) {
    const layers = view.sources
      .slice(0, index)
      .map((s) => (s instanceof Layer ? s : Layer.from(entriesOf(s))));
    u = new Union(layers);
    byDepth.set(index, u);
  }
  return u;
}

function* entriesOf(s: EntrySource, dir = '/'): Generator<[string, Entry]> {
  for (const n of s.children(dir)) {
    const p = join(dir, n);
    const e = s.get(p);
    if (!e) continue;
    yield [p, e];
    if (e.type === 'dir') yield* entriesOf(s, p);
  }
}

/**
 * The children of `dir` in layer `index` alone, as dive's layer view shows them: each marked Added,
 * Modified (a lower layer has the path) or Removed (a whiteout). Directories that only lead to changes
 * are listed unmarked.
 */
export function layerChildren(view: View, index: number, dir: string): TreeRow[] {
  const src = view.sources[index];
  if (!src) return [];
  const below = viewBelow(view, index);
  return src.children(dir).flatMap((name) => {
    const path = join(dir, name);
    const e = src.get(path);
    if (!e) return [];
    const lower = below.lookup(path);
    const shadowed = lower ? [lower.layer, ...lower.shadowed] : [];
    const row = rowOf(path, name, e, index, shadowed);
    if (e.type === 'whiteout') return [{ ...row, mark: 'R' as const, shadowed }];
    const hasChildren = e.type === 'dir' && src.children(path).length > 0;
    let mark: Mark | undefined;
    if (!lower) mark = 'A';
    else if (e.type !== 'dir' || lower.entry.type !== 'dir' || row.opaque) mark = 'M';
    else if (!sameMeta(e, lower.entry)) mark = 'M';
    return [{ ...row, mark, hasChildren }];
  });
}

function sameMeta(a: Entry, b: Entry): boolean {
  return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid;
}

export type LayerState = 'supplies' | 'shadowed' | 'whiteout' | 'opaque-hidden' | 'hidden';

export interface Provenance {
  readonly index: number;
  readonly state: LayerState;
  readonly type: EntryType;
  readonly size: number;
}

/**
 * Every layer that has `path`, bottom first: the one that supplies it, the versions it shadows, the
 * whiteout that removes it, or an opaque directory above that hides it.
 */
export function provenance(view: View, path: string): Provenance[] {
  const found = view.lookup(path);
  const out: Provenance[] = [];
  view.sources.forEach((src, index) => {
    const e = src.get(path);
    if (!e) return;
    let state: LayerState;
    if (e.type === 'whiteout') state = 'whiteout';
    else if (found && found.layer === index) state = 'supplies';
    else if (found?.shadowed.includes(index)) state = 'shadowed';
    else state = hiddenByOpaque(view, path, index) ? 'opaque-hidden' : 'hidden';
    out.push({ index, state, type: e.type, size: entrySize(e) });
  });
  return out;
}

function hiddenByOpaque(view: View, path: string, index: number): boolean {
  const parts = path.split('/').filter(Boolean);
  for (let i = index + 1; i < view.sources.length; i++) {
    const src = view.sources[i] as EntrySource;
    let dir = '';
    for (const part of parts.slice(0, -1)) {
      dir += `/${part}`;
      const e = src.get(dir);
      if (e?.type === 'dir' && e.opaque) return true;
    }
  }
  return false;
}
