// Two images compared for the image explorer: the base layers they share, then the paths only one has
// and the paths whose versions differ (and how). Pure: no DOM.

import type { Entry, EntryType } from '../../../engine/fs/entry';
import { entrySize } from '../../../engine/fs/entry';
import { join } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';
import { bytesUnder } from './changes';
import type { ImageStack } from './stack';
import { finalView } from './stack';

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
