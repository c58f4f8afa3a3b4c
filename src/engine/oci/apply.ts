// From a tar to a Layer, and from layers to a merged tree: the image-spec changeset rules written
// independently of the fs Union, so that property tests can hold one against the other.

import type { Entry } from '../fs/entry';
import { Layer } from '../fs/layer';
import { comparePaths } from '../fs/path';
import { entriesFromTar } from './layer-from-tar';
import type { TarInput } from './tar-read';

export { entriesFromTar, LayerBuilder, LayerTarError, layerPath } from './layer-from-tar';

/** A layer tar (any chunking, sync or async) as a `Layer`, with the rules of `entriesFromTar`. */
export async function layerFromTar(chunks: TarInput): Promise<Layer> {
  return Layer.from(await entriesFromTar(chunks));
}

/** What applyLayers needs of a layer (a `Layer` has it). */
export interface LayerEntries {
  readonly entries: ReadonlyMap<string, Entry>;
}

/**
 * Applies layers bottom first with the image-spec rules: a whiteout deletes the path and everything
 * below it; an opaque directory hides every lower child; a directory over a directory keeps the
 * children and takes the new attributes; anything else replaces the lower entry and its subtree.
 * Returns the merged tree in walk order, as a plain filesystem: no whiteouts, no opaque flags, and a
 * hard link read as the file it links to in its own layer (it shares that file's inode).
 */
export function applyLayers(layers: readonly LayerEntries[]): Map<string, Entry> {
  const tree = new Map<string, Entry>();
  const children = new Map<string, Set<string>>([['/', new Set()]]);
  const removeBelow = (dir: string) => {
    const kids = children.get(dir);
    if (!kids) return;
    for (const k of kids) remove(k);
    kids.clear();
  };
  const remove = (p: string) => {
    removeBelow(p);
    children.delete(p);
    tree.delete(p);
  };
  const parentOf = (p: string) => {
    const i = p.lastIndexOf('/');
    return i === 0 ? '/' : p.slice(0, i);
  };

  for (const layer of layers) {
    const sorted = [...layer.entries].sort((a, b) => comparePaths(a[0], b[0]));
    for (const [path, e] of sorted) {
      const lower = tree.get(path);
      if (e.type === 'whiteout') {
        if (lower !== undefined) {
          remove(path);
          children.get(parentOf(path))?.delete(path);
        }
        continue;
      }
      if (e.type === 'dir') {
        const { opaque, ...dir } = e;
        if (lower?.type !== 'dir') {
          if (lower !== undefined) remove(path);
          children.set(path, new Set());
        } else if (opaque) removeBelow(path);
        tree.set(path, dir);
      } else {
        if (lower !== undefined) remove(path);
        const linked = e.type === 'hardlink' ? layer.entries.get(e.target) : undefined;
        tree.set(path, linked?.type === 'file' ? linked : e);
      }
      children.get(parentOf(path))?.add(path);
    }
  }
  return new Map([...tree].sort((a, b) => comparePaths(a[0], b[0])));
}
