// What the image explorer shows, read from the engine's state: an image's layers with the instruction
// behind each, one layer's own changes (Added / Modified / Removed), the combined view up to a layer,
// wasted space with our efficiency score and dive's, the largest files, two images compared, and the
// content of a file version for the line diff. Pure: no DOM, tested in Node against a real engine.

import type { Engine } from '../../engine/engine';
import { contentChunks } from '../../engine/fs/content';
import type { Entry, EntryType } from '../../engine/fs/entry';
import { entrySize } from '../../engine/fs/entry';
import { Layer } from '../../engine/fs/layer';
import { join } from '../../engine/fs/path';
import { Union } from '../../engine/fs/union';
import type { View } from '../../engine/fs/view';
import type { ImageId } from '../../engine/ids';
import type { ImageRec } from '../../engine/state';
import type { Mark } from './model';
import { imageName, layerChildren, layerInstructions, shortId, viewBelow } from './model';
import { shortInstruction } from './narrator';
import { MAX_BYTES } from './text-diff';

// ---- the image and its layers ----

export interface ExplorerImage {
  readonly id: ImageId;
  readonly name: string;
  readonly layers: number;
}

/** Every local image (pulled, committed, built or loaded), by name. */
export function explorerImages(engine: Engine): ExplorerImage[] {
  return [...engine.state.images.values()]
    .map((img) => ({ id: img.id, name: imageName(engine, img), layers: img.diffIds.length }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface ExplorerLayer {
  /** Bottom = 0. */
  readonly index: number;
  readonly instruction: string;
  /** The instruction as the stack view says it (at most 40 characters). */
  readonly short: string;
  readonly diffId: string;
  readonly chainId: string;
  readonly size: number;
  readonly entries: number;
}

/** An image opened for exploring: its layers bottom first, and its merged views. */
export interface ImageStack {
  readonly image: ImageRec;
  readonly name: string;
  readonly layers: readonly ExplorerLayer[];
  /** The layers' changesets, bottom first (an unknown ChainID counts as an empty layer). */
  readonly changesets: readonly Layer[];
}

export function imageStack(engine: Engine, id: ImageId): ImageStack | null {
  const image = engine.state.images.get(id);
  if (!image) return null;
  const chainIds = engine.chainIdsOf(image.diffIds);
  const instructions = layerInstructions(image, chainIds.length);
  const changesets = chainIds.map((c) => engine.state.layers.get(c)?.layer ?? Layer.EMPTY);
  const layers = chainIds.map((chainId, index) => {
    const instruction = instructions[index] ?? '';
    const layer = changesets[index] as Layer;
    return {
      index,
      instruction,
      short: shortInstruction(instruction),
      diffId: image.diffIds[index] ?? '',
      chainId,
      size: layer.size,
      entries: layer.count,
    };
  });
  return { image, name: imageName(engine, image), layers, changesets };
}

// A ChainID names a whole stack from the bottom, so it keys the union of layers 0..k. A few are kept.
const unions = new Map<string, Union>();
const KEEP_UNIONS = 32;

/** The union of layers 0..k: what the image looks like up to layer k. */
export function combinedView(stack: ImageStack, k: number): Union {
  const chainId = stack.layers[k]?.chainId;
  if (!chainId) return new Union([]);
  let u = unions.get(chainId);
  if (u && u.layers.every((l, i) => l === stack.changesets[i])) return u;
  u = new Union(stack.changesets.slice(0, k + 1));
  if (unions.size >= KEEP_UNIONS) unions.delete(unions.keys().next().value as string);
  unions.set(chainId, u);
  return u;
}

/** The image's final view (all its layers). */
export const finalView = (stack: ImageStack): Union => combinedView(stack, stack.layers.length - 1);

// ---- one layer's own changes ----

export interface Change {
  readonly path: string;
  readonly type: EntryType;
  readonly mark: Mark;
  /** Bytes this layer stores for the path (0 for a removal). */
  readonly size: number;
  /** The layer whose version this one modifies or removes, nearest first; null for an addition. */
  readonly lower: number | null;
  /** For a removal: the bytes of what it deletes in the layers below (a directory's whole tree). */
  readonly removed: number;
}

/** Every path layer `k` changes, in path order; directories that only lead to changes are left out. */
export function layerChanges(stack: ImageStack, k: number): Change[] {
  const view = finalView(stack);
  if (!stack.changesets[k]) return [];
  const below = viewBelow(view, k);
  const out: Change[] = [];
  const visit = (dir: string) => {
    for (const row of layerChildren(view, k, dir)) {
      if (row.mark) {
        const removed = row.mark === 'R' ? bytesUnder(below, row.path) : 0;
        out.push({
          path: row.path,
          type: row.type,
          mark: row.mark,
          size: row.size,
          lower: row.shadowed[0] ?? null,
          removed,
        });
      }
      if (row.hasChildren) visit(row.path);
    }
  };
  visit('/');
  return out;
}

/** File bytes at `path` in a view: the file's size, or every file under a directory. */
export function bytesUnder(view: View, path: string): number {
  const f = view.lookup(path);
  if (!f) return 0;
  if (f.entry.type !== 'dir') return entrySize(f.entry);
  let sum = 0;
  for (const [, g] of view.walk(path)) sum += entrySize(g.entry);
  return sum;
}

export interface ChangeCounts {
  readonly added: number;
  readonly modified: number;
  readonly removed: number;
}

export function countMarks(changes: readonly Change[]): ChangeCounts {
  let added = 0;
  let modified = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.mark === 'A') added++;
    else if (c.mark === 'M') modified++;
    else removed++;
  }
  return { added, modified, removed };
}

// ---- wasted space and efficiency ----

export interface WastedPath {
  readonly path: string;
  /** Bytes of this path's versions that the final image cannot reach. */
  readonly wasted: number;
  /** Layers holding an unreachable version, bottom first. */
  readonly layers: readonly number[];
  /** 'removed' when the path is gone from the final image, 'shadowed' when a later version hides it. */
  readonly why: 'shadowed' | 'removed';
}

export interface DiveScore {
  /** Σ over paths of the smallest version / Σ over paths of all versions (1 when nothing is stored). */
  readonly score: number;
  /** Σ of every version of each path that two or more layers touch: dive's "potential wasted space". */
  readonly potentialWasted: number;
  readonly minimum: number;
  readonly discovered: number;
}

export interface Efficiency {
  /** File bytes over all layers (regular files; links count 0). */
  readonly stored: number;
  /** Bytes of versions the final image cannot reach: shadowed by a later version or deleted. */
  readonly wasted: number;
  /** 1 - wasted / stored (1 when nothing is stored). */
  readonly score: number;
  readonly dive: DiveScore;
  /** Largest first. */
  readonly paths: readonly WastedPath[];
}

/**
 * Our score: every version of a path that a layer stores but the final image cannot reach is waste.
 * A whiteout or an opaque directory deletes what is below it, so all of that becomes waste.
 */
export function efficiency(changesets: readonly Layer[], final: View = new Union(changesets)): Efficiency {
  let stored = 0;
  let wasted = 0;
  const byPath = new Map<string, { wasted: number; layers: number[] }>();
  changesets.forEach((layer, i) => {
    for (const [path, e] of layer.walk()) {
      if (e.type !== 'file') continue;
      const size = entrySize(e);
      stored += size;
      if (final.lookup(path)?.layer === i) continue;
      wasted += size;
      let w = byPath.get(path);
      if (!w) byPath.set(path, (w = { wasted: 0, layers: [] }));
      w.wasted += size;
      w.layers.push(i);
    }
  });
  const paths: WastedPath[] = [...byPath].map(([path, w]) => ({
    path,
    wasted: w.wasted,
    layers: w.layers,
    why: final.lookup(path) ? 'shadowed' : 'removed',
  }));
  paths.sort((a, b) => b.wasted - a.wasted || (a.path < b.path ? -1 : 1));
  return {
    stored,
    wasted,
    score: stored === 0 ? 1 : 1 - wasted / stored,
    dive: diveScore(changesets),
    paths,
  };
}

const scores = new Map<string, Efficiency>();

/** `efficiency` of an image, kept per top ChainID: the page asks again after every command. */
export function efficiencyOf(stack: ImageStack): Efficiency {
  const key = stack.layers.map((l) => l.chainId).join('|');
  let e = scores.get(key);
  if (!e) {
    e = efficiency(stack.changesets, finalView(stack));
    if (scores.size >= KEEP_UNIONS) scores.delete(scores.keys().next().value as string);
    scores.set(key, e);
  }
  return e;
}

/**
 * dive's score, for comparison: every leaf a layer holds is a version of its path; score = Σ smallest
 * version / Σ all versions over the paths. As dive does it (filetree/efficiency.go), a whiteout of a
 * directory weighs every file the directory held below it, and a whiteout of a file weighs 0.
 */
export function diveScore(changesets: readonly Layer[]): DiveScore {
  const versions = new Map<string, { min: number; sum: number; count: number }>();
  changesets.forEach((layer, i) => {
    let below: Union | null = null;
    for (const [path, e] of layer.walk()) {
      if (e.type === 'dir' && layer.children(path).length > 0) continue;
      let size = entrySize(e);
      if (e.type === 'whiteout') {
        below ??= new Union(changesets.slice(0, i));
        size = below.lookup(path)?.entry.type === 'dir' ? bytesUnder(below, path) : 0;
      }
      const v = versions.get(path);
      if (!v) versions.set(path, { min: size, sum: size, count: 1 });
      else {
        v.min = Math.min(v.min, size);
        v.sum += size;
        v.count += 1;
      }
    }
  });
  let minimum = 0;
  let discovered = 0;
  let potentialWasted = 0;
  for (const v of versions.values()) {
    minimum += v.min;
    discovered += v.sum;
    if (v.count >= 2) potentialWasted += v.sum;
  }
  return { score: discovered === 0 ? 1 : minimum / discovered, potentialWasted, minimum, discovered };
}

// ---- largest files ----

export interface BigFile {
  readonly path: string;
  readonly size: number;
  /** The layer that supplies the file. */
  readonly layer: number;
}

/** The `n` largest regular files of a view, largest first (ties by path). */
export function largestFiles(view: View, n = 20): BigFile[] {
  const files: BigFile[] = [];
  for (const [path, f] of view.walk()) {
    if (f.entry.type === 'file') files.push({ path, size: entrySize(f.entry), layer: f.layer });
  }
  files.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  return files.slice(0, n);
}

// ---- two images compared ----

export interface PathDiff {
  readonly path: string;
  readonly type: EntryType;
  /** File bytes: for a directory only in one image, every file under it. */
  readonly size: number;
  /** Entries under a directory that is only in one image (0 for anything else). */
  readonly inside: number;
  /** For a changed path: the other image's size. */
  readonly otherSize?: number;
  /** For a changed path: what differs. */
  readonly what?: readonly ('type' | 'size' | 'mode' | 'owner' | 'content' | 'target')[];
}

export interface Comparison {
  /** Layers both images stand on (the same ChainIDs from the bottom). */
  readonly shared: number;
  readonly sharedSize: number;
  readonly onlyA: readonly PathDiff[];
  readonly onlyB: readonly PathDiff[];
  readonly changed: readonly PathDiff[];
  readonly onlyABytes: number;
  readonly onlyBBytes: number;
  readonly changedBytes: number;
}

function sameContent(a: Entry, b: Entry): boolean {
  if (a.type !== 'file' || b.type !== 'file') return true;
  const x = a.content;
  const y = b.content;
  if (x === y) return true;
  if (x.kind === 'fill' || y.kind === 'fill')
    return x.kind === 'fill' && y.kind === 'fill' && x.size === y.size && x.seed === y.seed;
  if (x.bytes.length !== y.bytes.length) return false;
  for (let i = 0; i < x.bytes.length; i++) if (x.bytes[i] !== y.bytes[i]) return false;
  return true;
}

/** What differs between two versions of a path ([] when nothing a learner would notice does). */
export function entryDiffers(a: Entry, b: Entry): NonNullable<PathDiff['what']> {
  if (a === b) return [];
  if (a.type !== b.type) return ['type'];
  const what: ('type' | 'size' | 'mode' | 'owner' | 'content' | 'target')[] = [];
  if (entrySize(a) !== entrySize(b)) what.push('size');
  else if (!sameContent(a, b)) what.push('content');
  if (a.mode !== b.mode) what.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) what.push('owner');
  if ((a.type === 'symlink' || a.type === 'hardlink') && a.target !== (b as typeof a).target)
    what.push('target');
  return what;
}

/** The paths of `view` below `dir` that `other` lacks: each topmost one, with what is under it. */
function onlyIn(view: View, other: View, dir: string, out: PathDiff[]): void {
  for (const name of view.names(dir)) {
    const path = join(dir, name);
    const f = view.lookup(path);
    if (!f) continue;
    const o = other.lookup(path);
    if (!o) {
      let inside = 0;
      if (f.entry.type === 'dir') for (const _ of view.walk(path)) inside++;
      out.push({ path, type: f.entry.type, size: bytesUnder(view, path), inside });
      continue;
    }
    if (f.entry.type === 'dir' && o.entry.type === 'dir') onlyIn(view, other, path, out);
  }
}

/** Image A against image B: the base they share, then every path their final views disagree on. */
export function compareImages(a: ImageStack, b: ImageStack): Comparison {
  let shared = 0;
  while (
    shared < a.layers.length &&
    shared < b.layers.length &&
    a.layers[shared]!.chainId === b.layers[shared]!.chainId
  )
    shared++;
  const sharedSize = a.layers.slice(0, shared).reduce((s, l) => s + l.size, 0);
  const va = finalView(a);
  const vb = finalView(b);
  const onlyA: PathDiff[] = [];
  const onlyB: PathDiff[] = [];
  onlyIn(va, vb, '/', onlyA);
  onlyIn(vb, va, '/', onlyB);
  const changed: PathDiff[] = [];
  for (const [path, f] of va.walk()) {
    const g = vb.lookup(path);
    if (!g) continue;
    const what = entryDiffers(f.entry, g.entry);
    if (what.length)
      changed.push({
        path,
        type: g.entry.type,
        size: entrySize(f.entry),
        otherSize: entrySize(g.entry),
        inside: 0,
        what,
      });
  }
  const sum = (xs: readonly PathDiff[]) => xs.reduce((s, x) => s + x.size, 0);
  return {
    shared,
    sharedSize,
    onlyA,
    onlyB,
    changed,
    onlyABytes: sum(onlyA),
    onlyBBytes: sum(onlyB),
    changedBytes: changed.reduce((s, c) => s + Math.abs((c.otherSize ?? 0) - c.size), 0),
  };
}

// ---- one version of a file, for the diff ----

export type FileText =
  | { readonly kind: 'text'; readonly text: string; readonly size: number; readonly capped: boolean }
  | { readonly kind: 'binary'; readonly size: number; readonly sha256: string }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'none' };

/** Where a version of a file lives: the stack and the layer that holds it. */
export interface FileSide {
  readonly stack: ImageStack;
  readonly layer: number;
  readonly path: string;
}

/** A diff the learner opened: one path, its older version and its newer one (either may be missing). */
export interface DiffRequest {
  readonly path: string;
  readonly before: FileSide | null;
  readonly after: FileSide | null;
}

/** The entry a side names, a hard link followed to its file in the same layer. */
function sideEntry(side: FileSide): Entry | undefined {
  const layer = side.stack.changesets[side.layer];
  const e = layer?.get(side.path);
  if (e?.type === 'hardlink') return layer?.get(e.target);
  return e;
}

const looksBinary = (bytes: Uint8Array) => bytes.subarray(0, 8000).includes(0);

/**
 * A file version's content for the diff: text (at most MAX_BYTES of it) when it is valid UTF-8 without
 * NUL bytes; otherwise its size and sha256. Virtual fills are big binaries and are never decoded.
 */
export function readVersion(engine: Engine, side: FileSide): FileText {
  const e = sideEntry(side);
  if (!e) return { kind: 'none' };
  if (e.type === 'symlink') return { kind: 'symlink', target: e.target };
  if (e.type !== 'file') return { kind: 'none' };
  const size = entrySize(e);
  const c = e.content;
  if (c.kind === 'bytes' && !looksBinary(c.bytes)) {
    const capped = c.bytes.length > MAX_BYTES;
    const text = decodeText(capped ? c.bytes.subarray(0, MAX_BYTES) : c.bytes, capped);
    if (text !== null) return { kind: 'text', text, size, capped };
  }
  const h = engine.platform.sha256();
  for (const chunk of contentChunks(c)) h.update(chunk);
  return { kind: 'binary', size, sha256: h.hex() };
}

/** UTF-8 text, or null when the bytes are not; a cut may split the last character, so allow that. */
function decodeText(bytes: Uint8Array, cut: boolean): string | null {
  for (let trim = 0; trim <= (cut ? 3 : 0); trim++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - trim));
    } catch {
      // try one byte shorter
    }
  }
  return null;
}

/** The version of `path` that layer `k` modifies: the one the layers below it supply. */
export function lowerSide(stack: ImageStack, k: number, path: string): FileSide | null {
  const f = viewBelow(finalView(stack), k).lookup(path);
  return f ? { stack, layer: f.layer, path } : null;
}

/** The version of `path` an image's final view shows. */
export function finalSide(stack: ImageStack, path: string): FileSide | null {
  const f = finalView(stack).lookup(path);
  return f ? { stack, layer: f.layer, path } : null;
}

export const shortDiffId = (id: string): string => shortId(id);
