// A layer: an immutable changeset, path → entry, as one tar of the image-spec holds it.

import type { Entry } from './entry';
import { WHITEOUT_PREFIX, entrySize } from './entry';
import { basename, compareNames, dirname, normalize } from './path';

/** Anything whose entries can be read by path and listed by directory: a Layer, or an Upper. */
export interface EntrySource {
  get(path: string): Entry | undefined;
  /** Sorted child names of `dir` ('/' for the top level). */
  children(dir: string): readonly string[];
}

export class Layer implements EntrySource {
  private sorted = new Map<string, readonly string[]>();

  private constructor(
    readonly entries: ReadonlyMap<string, Entry>,
    private readonly kids: ReadonlyMap<string, Set<string>>,
    readonly size: number,
  ) {}

  /** Builds a layer, refusing what no tar of the image-spec could hold. */
  static from(input: Iterable<readonly [string, Entry]>): Layer {
    const entries = new Map<string, Entry>();
    for (const [path, entry] of input) {
      if (!path.startsWith('/') || path === '/' || normalize(path) !== path)
        throw new Error(`layer path ${JSON.stringify(path)} is not an absolute normalised path`);
      if (entries.has(path)) throw new Error(`layer has ${path} twice`);
      if (basename(path).startsWith(WHITEOUT_PREFIX))
        throw new Error(`layer path ${path} uses the reserved .wh. prefix`);
      entries.set(path, entry);
    }
    const kids = new Map<string, Set<string>>();
    let size = 0;
    for (const [path, entry] of entries) {
      // The direct parent is enough: it is an entry too, so its own parent is checked in its turn (checking
      // every ancestor of every entry cost depth² on deep trees).
      const a = dirname(path);
      if (a !== '/') {
        const parent = entries.get(a);
        if (!parent) throw new Error(`layer has ${path} but not its parent directory ${a}`);
        if (parent.type !== 'dir') throw new Error(`layer has ${path} below ${a}, which is a ${parent.type}`);
      }
      if (entry.type === 'hardlink') {
        const t = entries.get(entry.target);
        if (!t || t.type !== 'file')
          throw new Error(`hard link ${path} points to ${entry.target}, not a file of this layer`);
      }
      const dir = dirname(path);
      let set = kids.get(dir);
      if (!set) kids.set(dir, (set = new Set()));
      set.add(basename(path));
      size += entrySize(entry);
    }
    return new Layer(entries, kids, size);
  }

  static readonly EMPTY = Layer.from([]);

  get count(): number {
    return this.entries.size;
  }
  get(path: string): Entry | undefined {
    return this.entries.get(path);
  }
  has(path: string): boolean {
    return this.entries.has(path);
  }
  children(dir: string): readonly string[] {
    let out = this.sorted.get(dir);
    if (!out) {
      out = [...(this.kids.get(dir) ?? [])].sort(compareNames);
      this.sorted.set(dir, out);
    }
    return out;
  }
  /** Every entry, depth first with siblings in byte order (Go's filepath.Walk order). */
  *walk(dir = '/'): Generator<[string, Entry]> {
    for (const name of this.children(dir)) {
      const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const e = this.entries.get(p) as Entry;
      yield [p, e];
      if (e.type === 'dir') yield* this.walk(p);
    }
  }
}
