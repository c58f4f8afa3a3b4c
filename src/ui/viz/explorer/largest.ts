// The largest regular files of a view, for the image explorer's "largest files" list. Pure: no DOM.

import { entrySize } from '../../../engine/fs/entry';
import type { View } from '../../../engine/fs/view';

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
