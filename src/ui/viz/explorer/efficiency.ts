// Wasted space in an image: our efficiency score (versions the final image cannot reach) and dive's
// score for comparison, with the paths that waste the most. Pure: no DOM.

import { entrySize } from '../../../engine/fs/entry';
import type { Layer } from '../../../engine/fs/layer';
import { Union } from '../../../engine/fs/union';
import type { View } from '../../../engine/fs/view';
import { bytesUnder } from './changes';
import type { ImageStack } from './stack';
import { finalView, KEEP_UNIONS } from './stack';

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
