// A merged view of a stack of layers, with provenance: which layer supplies each path, which lower
// versions it shadows, what hides a path. `Union` (union.ts) merges a stack once; `Overlay` puts one
// more layer on top of a view without copying it — how twenty containers share one image.

import { FsError } from '../errors';
import type { Entry, FileEntry } from './entry';
import type { EntrySource } from './layer';
import { ancestors, compareNames, dirname, join } from './path';

export interface Found {
  readonly entry: Entry;
  /** Index (bottom = 0) of the layer that supplies the path. */
  readonly layer: number;
  /** Lower layers whose version of this path this one hides (nearest first). */
  readonly shadowed: readonly number[];
}

export interface Hidden {
  readonly layer: number;
  readonly by: 'whiteout' | 'opaque' | 'replaced';
}

const MAX_SYMLINKS = 40;

export abstract class View {
  /** The stack, bottom first; the index of a source is the `layer` of what it supplies. */
  abstract readonly sources: readonly EntrySource[];
  abstract lookup(path: string): Found | undefined;
  /** Child names of a directory of the merged view, sorted. */
  abstract names(dir: string): readonly string[];
  /** Why a path some layer has is not visible, or undefined when it is (or no layer has it). */
  abstract why(path: string): Hidden | undefined;

  get depth(): number {
    return this.sources.length;
  }

  /** Another layer on top of this view, sharing this view's work. */
  with(top: EntrySource): Overlay {
    return new Overlay(this, top);
  }

  readdir(dir: string): { name: string; entry: Entry; layer: number }[] {
    return this.names(dir).map((name) => {
      const f = this.lookup(join(dir, name)) as Found;
      return { name, entry: f.entry, layer: f.layer };
    });
  }

  *walk(dir = '/'): Generator<[string, Found]> {
    for (const name of this.names(dir)) {
      const p = join(dir, name);
      const f = this.lookup(p) as Found;
      yield [p, f];
      if (f.entry.type === 'dir') yield* this.walk(p);
    }
  }

  /** The merged tree: what applying the layers one by one with the image-spec rules gives. */
  tree(): Map<string, Entry> {
    const out = new Map<string, Entry>();
    for (const [p, f] of this.walk()) out.set(p, this.resolvedEntry(p, f));
    return out;
  }

  /** A hard link reads as the file it links to, in the layer that holds both. */
  resolvedEntry(_path: string, f: Found): Entry {
    if (f.entry.type !== 'hardlink') return f.entry;
    const t = this.sources[f.layer]?.get(f.entry.target);
    return t && t.type === 'file' ? { ...t, mode: t.mode } : f.entry;
  }

  /** The regular file at `path` (following a hard link), or undefined. */
  fileOf(path: string): FileEntry | undefined {
    const f = this.lookup(path);
    if (!f) return undefined;
    const e = this.resolvedEntry(path, f);
    return e.type === 'file' ? e : undefined;
  }

  /**
   * Resolves symlinks inside the root: '..' at '/' stays at '/', absolute targets start at this root,
   * ELOOP after 40 links, ENOTDIR when a non-directory is used as one. A missing last component is
   * returned as is (the caller decides whether that is ENOENT); a missing middle one is ENOENT.
   */
  resolve(path: string, followLast = true): string {
    let todo = path.split('/').filter((s) => s !== '' && s !== '.');
    let cur = '/';
    let links = 0;
    while (todo.length) {
      const comp = todo.shift() as string;
      const last = todo.length === 0;
      if (comp === '..') {
        cur = dirname(cur);
        continue;
      }
      const next = join(cur, comp);
      const f = this.lookup(next);
      if (!f) {
        if (last) return next;
        throw new FsError('ENOENT', path);
      }
      if (f.entry.type === 'symlink' && (!last || followLast)) {
        if (++links > MAX_SYMLINKS) throw new FsError('ELOOP', path);
        const t = f.entry.target;
        todo = [...t.split('/').filter((s) => s !== '' && s !== '.'), ...todo];
        if (t.startsWith('/')) cur = '/';
        continue;
      }
      if (!last && f.entry.type !== 'dir') throw new FsError('ENOTDIR', path);
      cur = next;
    }
    return cur;
  }
}

/** One more layer over a base view, merged lazily on each lookup (never copied). */
export class Overlay extends View {
  readonly sources: readonly EntrySource[];
  private readonly topIndex: number;

  constructor(
    readonly base: View,
    readonly top: EntrySource,
  ) {
    super();
    this.sources = [...base.sources, top];
    this.topIndex = base.sources.length;
  }

  /**
   * What in the top hides the lower layers' version of `path`: an ancestor that is a whiteout, a
   * non-directory or an opaque directory. The top's own entries below an opaque directory stay visible.
   */
  private hiddenBelow(path: string): Hidden | undefined {
    for (const a of ancestors(path)) {
      const e = this.top.get(a);
      if (!e) continue;
      if (e.type === 'whiteout') return { layer: this.topIndex, by: 'whiteout' };
      if (e.type !== 'dir') return { layer: this.topIndex, by: 'replaced' };
      if (e.opaque) return { layer: this.topIndex, by: 'opaque' };
    }
    return undefined;
  }

  /** Whether the top's own entry at `path` sits below one of its whiteouts or non-directories. */
  private orphanInTop(path: string): boolean {
    for (const a of ancestors(path)) {
      const e = this.top.get(a);
      if (e && e.type !== 'dir') return true;
    }
    return false;
  }

  lookup(path: string): Found | undefined {
    const e = this.top.get(path);
    const hidden = this.hiddenBelow(path);
    if (e) {
      if (e.type === 'whiteout' || (hidden && this.orphanInTop(path))) return undefined;
      const below = hidden ? undefined : this.base.lookup(path);
      const shadowed = below ? [below.layer, ...below.shadowed] : [];
      return { entry: e, layer: this.topIndex, shadowed };
    }
    if (hidden) return undefined;
    return this.base.lookup(path);
  }

  names(dir: string): readonly string[] {
    const own = this.top.get(dir);
    const topNames = dir === '/' || own?.type === 'dir' ? this.top.children(dir) : [];
    const visible = topNames.filter((n) => this.top.get(join(dir, n))?.type !== 'whiteout');
    if (own && own.type === 'dir' && own.opaque) return visible;
    if (own && own.type !== 'dir') return [];
    if (dir !== '/' && this.hiddenBelow(join(dir, 'x'))) return visible;
    const base = this.base.lookup(dir);
    if (dir !== '/' && (!base || base.entry.type !== 'dir')) return visible;
    const lower = this.base.names(dir).filter((n) => !this.top.get(join(dir, n)));
    if (lower.length === 0) return visible;
    if (visible.length === 0) return lower;
    return [...visible, ...lower].sort(compareNames);
  }

  why(path: string): Hidden | undefined {
    const e = this.top.get(path);
    if (e && e.type !== 'whiteout' && !this.orphanInTop(path)) return undefined;
    const hidden = this.hiddenBelow(path);
    if (hidden) return this.base.lookup(path) ? hidden : this.base.why(path);
    if (e?.type === 'whiteout' && this.base.lookup(path)) return { layer: this.topIndex, by: 'whiteout' };
    return this.base.why(path);
  }
}
