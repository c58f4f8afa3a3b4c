// One layer's own changes for the image explorer: every path it adds, modifies or removes, the bytes a
// removal deletes below it, and the counts of each mark. Pure: no DOM.

import type { EntryType } from '../../../engine/fs/entry';
import { entrySize } from '../../../engine/fs/entry';
import type { View } from '../../../engine/fs/view';
import type { Mark } from '../model';
import { layerChildren, viewBelow } from '../model';
import type { ImageStack } from './stack';
import { finalView } from './stack';

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
