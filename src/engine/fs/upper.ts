// A container's writable layer, with overlayfs's rules: the first write or metadata change to a lower
// file copies the whole file up (parents first); deleting a lower entry leaves a whiteout; mkdir over a
// whiteout makes an opaque directory; renaming a lower directory fails with EXDEV. Every operation
// checks before it changes anything, so a failed one leaves the layer exactly as it was.

import { FsError } from '../errors';
import type { Content, DirEntry, Entry, Meta } from './entry';
import { contentSize, entrySize } from './entry';
import { contentBytes } from './content';
import type { EntrySource } from './layer';
import { Layer } from './layer';
import { ancestors, basename, compareNames, comparePaths, dirname, isWithin, join, normalize } from './path';
import type { Found, View } from './view';
import { Overlay } from './view';

export type FsEvent =
  | { type: 'copy-up'; path: string; fromLayer: number; bytes: number }
  | { type: 'whiteout'; path: string }
  | { type: 'opaque'; path: string }
  | { type: 'write'; path: string; bytes: number }
  | { type: 'create'; path: string; entryType: Entry['type'] }
  | { type: 'remove'; path: string };

export interface WriteOptions {
  mtime: number;
  mode?: number;
  uid?: number;
  gid?: number;
  append?: boolean;
}

export interface MkdirOptions {
  mtime: number;
  mode?: number;
  uid?: number;
  gid?: number;
  parents?: boolean;
}

export interface Change {
  kind: 'A' | 'C' | 'D';
  path: string;
}

export class Upper implements EntrySource {
  private map: Map<string, Entry>;
  private kids = new Map<string, Set<string>>();
  private merged: Overlay;

  constructor(
    readonly lower: View,
    entries: Iterable<readonly [string, Entry]> = [],
  ) {
    this.map = new Map();
    for (const [p, e] of entries) this.set(p, e);
    this.merged = new Overlay(lower, this);
  }

  static fromEntries(lower: View, entries: Iterable<readonly [string, Entry]>): Upper {
    return new Upper(lower, entries);
  }

  /** A copy sharing the (immutable) entries: what a command keeps to roll back to. */
  clone(): Upper {
    return new Upper(this.lower, this.map);
  }

  get entries(): ReadonlyMap<string, Entry> {
    return this.map;
  }
  get(path: string): Entry | undefined {
    return this.map.get(path);
  }
  children(dir: string): readonly string[] {
    return [...(this.kids.get(dir) ?? [])].sort(compareNames);
  }
  /** Bytes of file content this layer holds. */
  get size(): number {
    let n = 0;
    for (const e of this.map.values()) n += entrySize(e);
    return n;
  }
  /** The container's merged view: the lower stack with this layer on top (index `lower.depth`). */
  view(): View {
    return this.merged;
  }
  get index(): number {
    return this.lower.depth;
  }

  // ---- the map, with its directory index ----
  private set(p: string, e: Entry): void {
    this.map.set(p, e);
    const d = dirname(p);
    let s = this.kids.get(d);
    if (!s) this.kids.set(d, (s = new Set()));
    s.add(basename(p));
  }
  private del(p: string): void {
    if (!this.map.has(p)) return;
    for (const n of [...(this.kids.get(p) ?? [])]) this.del(join(p, n));
    this.map.delete(p);
    this.kids.delete(p);
    this.kids.get(dirname(p))?.delete(basename(p));
  }

  // ---- lookups ----
  private stat(p: string): Found | undefined {
    return this.merged.lookup(p);
  }
  /** Whether something of the lower stack is visible at `p` through this layer's own entries. */
  private lowerVisible(p: string): boolean {
    if (!this.lower.lookup(p)) return false;
    for (const a of ancestors(p)) {
      const e = this.map.get(a);
      if (e && (e.type !== 'dir' || e.opaque)) return false;
    }
    return true;
  }
  /** The parent directory of `path` after following symlinks; ENOENT/ENOTDIR as the kernel says. */
  private parentOf(path: string): [string, string] {
    const abs = normalize(path);
    if (abs === '/') return ['/', ''];
    const dir = this.merged.resolve(dirname(abs), true);
    const d = dir === '/' ? undefined : this.stat(dir);
    if (dir !== '/' && !d) throw new FsError('ENOENT', path);
    if (d && d.entry.type !== 'dir') throw new FsError('ENOTDIR', path);
    return [dir, basename(abs)];
  }
  /** `path` with every symlink followed (a missing last component allowed). */
  private real(path: string): string {
    const [dir, name] = this.parentOf(path);
    if (!name) return '/';
    return this.merged.resolve(join(dir, name), true);
  }
  private lreal(path: string): string {
    const [dir, name] = this.parentOf(path);
    return name ? join(dir, name) : '/';
  }

  // ---- copy-up ----
  private copyUp(p: string, events: FsEvent[]): void {
    if (p === '/' || this.map.has(p)) return;
    const f = this.stat(p);
    if (!f) throw new FsError('ENOENT', p);
    this.copyUp(dirname(p), events);
    let e = this.merged.resolvedEntry(p, f);
    if (e.type === 'dir') e = { type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime };
    this.set(p, e);
    events.push({ type: 'copy-up', path: p, fromLayer: f.layer, bytes: entrySize(e) });
  }
  /** Makes sure the directory `dir` exists in this layer (copying it up from below if needed). */
  private ensureDir(dir: string, events: FsEvent[]): void {
    this.copyUp(dir, events);
  }
  /** Puts a new entry where nothing visible is: over a whiteout a directory becomes opaque. */
  private place(p: string, e: Entry, events: FsEvent[]): void {
    this.ensureDir(dirname(p), events);
    const was = this.map.get(p);
    if (e.type === 'dir' && was?.type === 'whiteout') {
      e = { ...e, opaque: true };
      events.push({ type: 'opaque', path: p });
    }
    this.del(p);
    this.set(p, e);
    events.push({ type: 'create', path: p, entryType: e.type });
  }
  /** Removes what is visible at `p` (already checked): a whiteout if the lower stack shows through. */
  private erase(p: string, events: FsEvent[]): void {
    const lower = this.lowerVisible(p);
    this.retargetLinks(p);
    this.del(p);
    if (lower) {
      this.ensureDir(dirname(p), events);
      const parent = this.map.get(dirname(p));
      const meta: Meta = { mode: 0o600, uid: 0, gid: 0, mtime: parent?.mtime ?? 0 };
      this.set(p, { type: 'whiteout', ...meta });
      events.push({ type: 'whiteout', path: p });
    } else events.push({ type: 'remove', path: p });
  }
  /** Before a file that hard links point at goes away, the first link takes over its content. */
  private retargetLinks(p: string): void {
    const e = this.map.get(p);
    if (!e || e.type !== 'file') return;
    const links = [...this.map].filter(([, x]) => x.type === 'hardlink' && x.target === p).map(([q]) => q).sort(comparePaths);
    const heir = links[0];
    if (!heir) return;
    this.map.set(heir, e);
    for (const q of links.slice(1)) {
      const l = this.map.get(q) as Entry;
      this.map.set(q, { ...l, target: heir } as Entry);
    }
  }
  /** The path in this layer whose entry holds the bytes of `p` (a hard link's target). */
  private holder(p: string): string {
    const e = this.map.get(p);
    return e?.type === 'hardlink' ? e.target : p;
  }

  // ---- operations ----
  writeFile(path: string, content: Content, opts: WriteOptions): FsEvent[] {
    const events: FsEvent[] = [];
    const p = this.real(path);
    const f = this.stat(p);
    if (f && f.entry.type === 'dir') throw new FsError('EISDIR', path);
    const before = new Map(this.map);
    try {
      if (f) {
        this.copyUp(p, events);
        const h = this.holder(p);
        const cur = this.map.get(h) as Entry;
        if (cur.type !== 'file') throw new FsError('EINVAL', path);
        const bytes = opts.append ? concatContent(cur.content, content) : content;
        this.map.set(h, { ...cur, content: bytes, mtime: opts.mtime });
      } else {
        this.place(p, { type: 'file', mode: opts.mode ?? 0o644, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtime: opts.mtime, content }, events);
      }
    } catch (e) {
      this.restore(before);
      throw e;
    }
    events.push({ type: 'write', path: p, bytes: contentSize(content) });
    return events;
  }

  mkdir(path: string, opts: MkdirOptions): FsEvent[] {
    const abs = normalize(path);
    const events: FsEvent[] = [];
    const before = new Map(this.map);
    try {
      if (opts.parents) {
        let cur = '/';
        const comps = abs.split('/').filter(Boolean);
        for (const [i, comp] of comps.entries()) {
          const next = this.merged.resolve(join(cur, comp), true);
          const f = this.stat(next);
          if (f && f.entry.type !== 'dir') throw new FsError(i === comps.length - 1 ? 'EEXIST' : 'ENOTDIR', path);
          if (!f) this.place(next, dirEntry(opts), events);
          cur = next;
        }
        return events;
      }
      const p = this.lreal(abs);
      if (p === '/' || this.stat(p)) throw new FsError('EEXIST', path);
      this.place(p, dirEntry(opts), events);
      return events;
    } catch (e) {
      this.restore(before);
      throw e;
    }
  }

  unlink(path: string): FsEvent[] {
    const p = this.lreal(path);
    const f = this.stat(p);
    if (!f) throw new FsError('ENOENT', path);
    if (f.entry.type === 'dir') throw new FsError('EISDIR', path);
    const events: FsEvent[] = [];
    this.erase(p, events);
    return events;
  }

  rmdir(path: string): FsEvent[] {
    const p = this.lreal(path);
    if (p === '/') throw new FsError('EBUSY', path);
    const f = this.stat(p);
    if (!f) throw new FsError('ENOENT', path);
    if (f.entry.type !== 'dir') throw new FsError('ENOTDIR', path);
    if (this.merged.names(p).length) throw new FsError('ENOTEMPTY', path);
    const events: FsEvent[] = [];
    this.erase(p, events);
    return events;
  }

  /** `rm -r`: the whole subtree; a lower directory is hidden by one whiteout. */
  remove(path: string): FsEvent[] {
    const p = this.lreal(path);
    if (p === '/') throw new FsError('EBUSY', path);
    if (!this.stat(p)) throw new FsError('ENOENT', path);
    const events: FsEvent[] = [];
    this.erase(p, events);
    return events;
  }

  rename(from: string, to: string): FsEvent[] {
    const src = this.lreal(from);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', from);
    const dst = this.lreal(to);
    if (src === dst) return [];
    if (src === '/' || dst === '/') throw new FsError('EBUSY', from);
    if (isWithin(dst, src)) throw new FsError('EINVAL', from);
    const g = this.stat(dst);
    const isDir = f.entry.type === 'dir';
    if (g) {
      if (isDir && g.entry.type !== 'dir') throw new FsError('ENOTDIR', to);
      if (!isDir && g.entry.type === 'dir') throw new FsError('EISDIR', to);
      if (isDir && this.merged.names(dst).length) throw new FsError('ENOTEMPTY', to);
    }
    // overlayfs (no redirect_dir) cannot rename a directory that the lower layers show through
    if (isDir && (this.lowerVisible(src) && !(this.map.get(src) as DirEntry | undefined)?.opaque)) throw new FsError('EXDEV', from);
    const events: FsEvent[] = [];
    const before = new Map(this.map);
    try {
      this.copyUp(src, events);
      const moved = [...this.map].filter(([p]) => isWithin(p, src) && p !== src);
      let top = this.map.get(src) as Entry;
      if (top.type === 'hardlink') top = this.map.get(top.target) as Entry;
      this.erase(src, events);
      if (g) this.erase(dst, events);
      const lowerAtDst = this.lowerVisible(dst);
      if (top.type === 'dir' && lowerAtDst) top = { ...top, opaque: true };
      this.place(dst, top, events);
      for (const [p, e] of moved) {
        const q = dst + p.slice(src.length);
        const ee = e.type === 'hardlink' && isWithin(e.target, src) ? { ...e, target: dst + e.target.slice(src.length) } : e;
        this.set(q, ee);
      }
    } catch (e) {
      this.restore(before);
      throw e;
    }
    return events;
  }

  /** Copies `from` to `to` (recursively for a directory), reading through the merged view: `cp -r`. */
  copy(from: string, to: string, mtime: number): FsEvent[] {
    const src = this.real(from);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', from);
    const dst = this.lreal(to);
    if (this.stat(dst)) throw new FsError('EEXIST', to);
    if (isWithin(dst, src)) throw new FsError('EINVAL', to);
    const events: FsEvent[] = [];
    const before = new Map(this.map);
    try {
      const items: [string, Entry][] = [[src, this.merged.resolvedEntry(src, f)]];
      if (f.entry.type === 'dir') for (const [p, g] of this.merged.walk(src)) items.push([p, this.merged.resolvedEntry(p, g)]);
      for (const [p, e] of items) {
        const q = dst + p.slice(src.length);
        const copy: Entry = e.type === 'dir' ? { type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime } : { ...e, mtime };
        this.place(q, copy, events);
      }
    } catch (e) {
      this.restore(before);
      throw e;
    }
    return events;
  }

  symlink(target: string, path: string, mtime: number): FsEvent[] {
    const p = this.lreal(path);
    if (p === '/' || this.stat(p)) throw new FsError('EEXIST', path);
    const events: FsEvent[] = [];
    this.place(p, { type: 'symlink', target, mode: 0o777, uid: 0, gid: 0, mtime }, events);
    return events;
  }

  link(existing: string, path: string): FsEvent[] {
    const src = this.lreal(existing);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', existing);
    if (f.entry.type === 'dir') throw new FsError('EPERM', existing);
    const p = this.lreal(path);
    if (this.stat(p)) throw new FsError('EEXIST', path);
    const events: FsEvent[] = [];
    const before = new Map(this.map);
    try {
      this.copyUp(src, events);
      const e = this.map.get(src) as Entry;
      if (e.type === 'symlink') this.place(p, { ...e }, events);
      else {
        const target = this.holder(src);
        const t = this.map.get(target) as Entry;
        this.place(p, { type: 'hardlink', target, mode: t.mode, uid: t.uid, gid: t.gid, mtime: t.mtime }, events);
      }
    } catch (e) {
      this.restore(before);
      throw e;
    }
    return events;
  }

  private changeMeta(path: string, change: Partial<Meta>): FsEvent[] {
    const p = this.real(path);
    if (!this.stat(p)) throw new FsError('ENOENT', path);
    const events: FsEvent[] = [];
    this.copyUp(p, events);
    const h = this.holder(p);
    this.map.set(h, { ...(this.map.get(h) as Entry), ...change } as Entry);
    return events;
  }
  chmod(path: string, mode: number): FsEvent[] {
    return this.changeMeta(path, { mode: mode & 0o7777 });
  }
  chown(path: string, uid: number, gid: number): FsEvent[] {
    return this.changeMeta(path, { uid, gid });
  }
  utimes(path: string, mtime: number): FsEvent[] {
    return this.changeMeta(path, { mtime });
  }

  private restore(before: Map<string, Entry>): void {
    this.map = new Map();
    this.kids = new Map();
    for (const [p, e] of before) this.set(p, e);
  }

  // ---- freezing and diffing ----
  /** This layer as an immutable Layer (whiteouts and opaque dirs included), optionally filtered. */
  toLayer(keep: (path: string) => boolean = () => true): Layer {
    const out: [string, Entry][] = [];
    for (const [p, e] of this.map) {
      if (!keep(p)) continue;
      if (e.type === 'hardlink' && !keep(e.target)) continue;
      out.push([p, e]);
    }
    return Layer.from(out);
  }

  /** What `docker diff` lists (moby's overlay changes), sorted, every changed path's parents as C. */
  diff(): Change[] {
    const out = new Map<string, Change['kind']>();
    for (const [p, e] of this.map) {
      const lower = this.lowerVisibleThroughParents(p);
      if (e.type === 'whiteout') {
        if (lower) out.set(p, 'D');
        continue;
      }
      if (!lower) {
        out.set(p, 'A');
        continue;
      }
      if (e.type === 'dir') {
        if (e.opaque) out.set(p, 'D');
        else if (!sameDir(e, lower.entry)) out.set(p, 'C');
        continue;
      }
      out.set(p, 'C');
    }
    for (const p of [...out.keys()]) for (const a of ancestors(p)) if (!out.has(a)) out.set(a, 'C');
    return [...out].map(([path, kind]) => ({ kind, path })).sort((a, b) => comparePaths(a.path, b.path));
  }
  private lowerVisibleThroughParents(p: string): Found | undefined {
    return this.lowerVisible(p) ? this.lower.lookup(p) : undefined;
  }
}

function dirEntry(o: MkdirOptions): DirEntry {
  return { type: 'dir', mode: o.mode ?? 0o755, uid: o.uid ?? 0, gid: o.gid ?? 0, mtime: o.mtime };
}

function sameDir(a: Entry, b: Entry): boolean {
  return b.type === 'dir' && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime;
}

function concatContent(a: Content, b: Content): Content {
  const x = contentBytes(a);
  const y = contentBytes(b);
  const out = new Uint8Array(x.length + y.length);
  out.set(x, 0);
  out.set(y, x.length);
  return { kind: 'bytes', bytes: out };
}
