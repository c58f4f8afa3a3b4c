// A container's writable layer, with overlayfs's rules: the first write or metadata change to a lower
// file copies the whole file up (parents first); deleting a lower entry leaves a whiteout; mkdir over a
// whiteout makes an opaque directory; renaming a lower directory fails with EXDEV. Every operation
// checks what Linux checks, in Linux's order, before it changes anything; a failed one changes nothing.

import { FsError } from '../errors';
import type { Content, DirEntry, Entry, FileEntry, Meta } from './entry';
import { contentSize, entrySize } from './entry';
import { contentBytes } from './content';
import type { Change } from './changes';
import { treeChanges } from './changes';
import type { EntrySource } from './layer';
import { Layer } from './layer';
import { ancestors, basename, dirname, isWithin, join } from './path';
import { UpperMap } from './upper-map';
import type { View } from './view';
import { Overlay } from './view';

export type { Change } from './changes';

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

/** What stat says about '/', which is never an entry. */
const ROOT: DirEntry = { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };

export class Upper implements EntrySource {
  private readonly store: UpperMap;
  private readonly merged: Overlay;

  constructor(
    readonly lower: View,
    entries: Iterable<readonly [string, Entry]> = [],
  ) {
    this.store = new UpperMap(entries);
    this.merged = new Overlay(lower, this);
  }

  static fromEntries(lower: View, entries: Iterable<readonly [string, Entry]>): Upper {
    return new Upper(lower, entries);
  }

  /** A copy sharing the (immutable) entries: what a command keeps to roll back to. */
  clone(): Upper {
    return new Upper(this.lower, this.store.entries);
  }

  get entries(): ReadonlyMap<string, Entry> {
    return this.store.entries;
  }
  get(path: string): Entry | undefined {
    return this.store.get(path);
  }
  children(dir: string): readonly string[] {
    return this.store.children(dir);
  }
  /** Bytes of file content this layer holds. */
  get size(): number {
    return this.store.size;
  }
  /** The container's merged view: the lower stack with this layer on top (index `lower.depth`). */
  view(): View {
    return this.merged;
  }
  get index(): number {
    return this.lower.depth;
  }

  // ---- looking things up ----
  /** lstat of a real path in the merged view, a hard link read as its file. */
  private stat(p: string): Entry | undefined {
    if (p === '/') return ROOT;
    const f = this.merged.lookup(p);
    return f && this.merged.resolvedEntry(p, f);
  }
  private resolve(path: string, p: string): string {
    try {
      return this.merged.resolve(p, true);
    } catch (e) {
      throw e instanceof FsError ? new FsError(e.code, path) : e;
    }
  }
  /** The real directory `path` names an entry of (symlinks followed), and the last name ('' for '/'). */
  private split(path: string): [string, string] {
    const comps = path.split('/').filter((s) => s !== '' && s !== '.');
    const name = comps.pop() ?? '';
    if (name === '..') {
      const full = this.resolve(path, path);
      return full === '/' ? ['/', ''] : [dirname(full), basename(full)];
    }
    const dir = this.resolve(path, '/' + comps.join('/'));
    const d = this.stat(dir);
    if (!d) throw new FsError('ENOENT', path);
    if (d.type !== 'dir') throw new FsError('ENOTDIR', path);
    return [dir, name];
  }
  /** The real path `path` names, its last symlink not followed. */
  private lpath(path: string): string {
    const [dir, name] = this.split(path);
    return name ? join(dir, name) : '/';
  }
  /** The real path `path` leads to, every symlink followed (it may not exist). */
  private follow(path: string): string {
    const [dir, name] = this.split(path);
    return name ? this.resolve(path, join(dir, name)) : '/';
  }
  /** Whether the lower stack's entry at `p` shows through this layer's ancestors of `p`. */
  private lowerVisible(p: string): boolean {
    if (!this.lower.lookup(p)) return false;
    for (const a of ancestors(p)) {
      const e = this.store.get(a);
      if (e && (e.type !== 'dir' || e.opaque)) return false;
    }
    return true;
  }
  /** A lower or merged directory: overlayfs without redirect_dir cannot rename it. */
  private showsLowerDir(p: string): boolean {
    const own = this.store.get(p);
    if (own?.type === 'dir' && own.opaque) return false;
    return this.lowerVisible(p) && this.lower.lookup(p)?.entry.type === 'dir';
  }

  // ---- the changes every operation is made of ----
  /** Copies `p` up from the lower stack, parents first, unless this layer has it already. */
  private copyUp(p: string, events: FsEvent[]): void {
    if (p === '/' || this.store.has(p)) return;
    const f = this.merged.lookup(p);
    if (!f) throw new FsError('ENOENT', p);
    this.copyUp(dirname(p), events);
    let e = this.merged.resolvedEntry(p, f);
    if (e.type === 'dir') e = { type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime };
    this.store.put(p, e);
    events.push({ type: 'copy-up', path: p, fromLayer: f.layer, bytes: entrySize(e) });
  }
  /** Puts a new entry where nothing is visible: over a whiteout a directory becomes opaque. */
  private place(p: string, e: Entry, events: FsEvent[]): void {
    this.copyUp(dirname(p), events);
    if (this.store.get(p)?.type === 'whiteout') {
      this.store.drop(p);
      if (e.type === 'dir') {
        e = { ...e, opaque: true };
        events.push({ type: 'opaque', path: p });
      }
    }
    this.store.put(p, e);
    events.push({ type: 'create', path: p, entryType: e.type });
  }
  /** Removes what is visible at `p`: a whiteout stays if the lower stack would show through. */
  private erase(p: string, events: FsEvent[]): void {
    const lower = this.lowerVisible(p);
    this.store.dropTree(p);
    if (!lower) {
      events.push({ type: 'remove', path: p });
      return;
    }
    this.whiteout(p, events);
  }
  /** A whiteout at `p` (in its copied-up parent; it carries the parent's mtime, having none of its own). */
  private whiteout(p: string, events: FsEvent[]): void {
    const parent = dirname(p);
    this.copyUp(parent, events);
    const mtime = (parent === '/' ? ROOT : (this.store.get(parent) as Entry)).mtime;
    this.store.put(p, { type: 'whiteout', mode: 0o600, uid: 0, gid: 0, mtime });
    events.push({ type: 'whiteout', path: p });
  }

  // ---- operations ----
  /** open(O_CREAT) + write: truncates (or appends to) an existing file, following symlinks. */
  writeFile(path: string, content: Content, opts: WriteOptions): FsEvent[] {
    const p = this.follow(path);
    const f = this.stat(p);
    if (f?.type === 'dir') throw new FsError('EISDIR', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      if (f) {
        this.copyUp(p, events);
        const h = this.store.holder(p);
        const cur = this.store.get(h) as FileEntry;
        const bytes = opts.append ? concatContent(cur.content, content) : content;
        this.store.setFile(h, { ...cur, content: bytes, mtime: opts.mtime });
      } else {
        const meta = { mode: opts.mode ?? 0o644, uid: opts.uid ?? 0, gid: opts.gid ?? 0, mtime: opts.mtime };
        this.place(p, { type: 'file', ...meta, content }, events);
      }
      events.push({ type: 'write', path: p, bytes: contentSize(content) });
      return events;
    });
  }

  /** mkdir(2), or `mkdir -p`: every component checked first, so a failure creates nothing. */
  mkdir(path: string, opts: MkdirOptions): FsEvent[] {
    const todo: string[] = [];
    if (!opts.parents) {
      const p = this.lpath(path);
      if (this.stat(p)) throw new FsError('EEXIST', path);
      todo.push(p);
    } else {
      const comps = path.split('/').filter((s) => s !== '' && s !== '.');
      const made = new Set<string>();
      let cur = '/';
      comps.forEach((comp, i) => {
        const last = i === comps.length - 1;
        if (comp === '..') {
          cur = dirname(cur);
          return;
        }
        const at = join(cur, comp);
        if (made.has(cur) || !this.stat(at)) {
          made.add(at);
          cur = at;
          return;
        }
        const real = this.resolve(path, at);
        const e = this.stat(real);
        if (!e) throw new FsError(last ? 'EEXIST' : 'ENOENT', path);
        if (e.type !== 'dir') throw new FsError(last ? 'EEXIST' : 'ENOTDIR', path);
        cur = real;
      });
      todo.push(...made);
    }
    const dir: DirEntry = {
      type: 'dir',
      mode: opts.mode ?? 0o755,
      uid: opts.uid ?? 0,
      gid: opts.gid ?? 0,
      mtime: opts.mtime,
    };
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      for (const p of todo) this.place(p, dir, events);
      return events;
    });
  }

  unlink(path: string): FsEvent[] {
    const p = this.lpath(path);
    const f = this.stat(p);
    if (!f) throw new FsError('ENOENT', path);
    if (f.type === 'dir') throw new FsError('EISDIR', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.erase(p, events);
      return events;
    });
  }

  rmdir(path: string): FsEvent[] {
    const p = this.lpath(path);
    if (p === '/') throw new FsError('EBUSY', path);
    const f = this.stat(p);
    if (!f) throw new FsError('ENOENT', path);
    if (f.type !== 'dir') throw new FsError('ENOTDIR', path);
    if (this.merged.names(p).length) throw new FsError('ENOTEMPTY', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.erase(p, events);
      return events;
    });
  }

  /** `rm -r`: the whole subtree; a lower directory is hidden by one whiteout. */
  remove(path: string): FsEvent[] {
    const p = this.lpath(path);
    if (p === '/') throw new FsError('EBUSY', path);
    if (!this.stat(p)) throw new FsError('ENOENT', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.erase(p, events);
      return events;
    });
  }

  /** rename(2), checks in the kernel's order; overlayfs adds EXDEV for a lower or merged directory. */
  rename(from: string, to: string): FsEvent[] {
    const [sd, sn] = this.split(from);
    const [dd, dn] = this.split(to);
    if (!sn) throw new FsError('EBUSY', from);
    if (!dn) throw new FsError('EBUSY', to);
    const src = join(sd, sn);
    const dst = join(dd, dn);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', from);
    const g = this.stat(dst);
    if (src !== dst && isWithin(dd, src)) throw new FsError('EINVAL', from);
    if (sd !== dd && isWithin(sd, dst)) throw new FsError('ENOTEMPTY', to);
    if (g && this.store.sameFile(src, dst)) return [];
    const isDir = f.type === 'dir';
    if (g && isDir && g.type !== 'dir') throw new FsError('ENOTDIR', to);
    if (g && !isDir && g.type === 'dir') throw new FsError('EISDIR', to);
    if (isDir && this.showsLowerDir(src)) throw new FsError('EXDEV', from);
    if (g && g.type === 'dir' && this.merged.names(dst).length) throw new FsError('ENOTEMPTY', to);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.copyUp(src, events);
      this.copyUp(dd, events);
      const lowerAtSrc = this.lowerVisible(src);
      const lowerAtDst = this.lowerVisible(dst);
      if (g) events.push({ type: 'remove', path: dst });
      this.store.dropTree(dst);
      this.store.move(src, dst);
      const top = this.store.get(dst) as Entry;
      // A directory moved where the lower stack has the name must hide what is below it there.
      if (top.type === 'dir' && lowerAtDst && !top.opaque) {
        this.store.put(dst, { ...top, opaque: true });
        events.push({ type: 'opaque', path: dst });
      }
      if (lowerAtSrc) this.whiteout(src, events);
      else events.push({ type: 'remove', path: src });
      events.push({ type: 'create', path: dst, entryType: top.type });
      return events;
    });
  }

  /** Copies `from` to `to` (recursively for a directory), reading through the merged view: `cp -r`. */
  copy(from: string, to: string, mtime: number): FsEvent[] {
    const src = this.follow(from);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', from);
    const dst = this.lpath(to);
    if (this.stat(dst)) throw new FsError('EEXIST', to);
    if (isWithin(dst, src)) throw new FsError('EINVAL', to);
    const items: [string, Entry][] = [[src, f]];
    if (f.type === 'dir')
      for (const [p, g] of this.merged.walk(src)) items.push([p, this.merged.resolvedEntry(p, g)]);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      for (const [p, e] of items) {
        const q = dst + p.slice(src.length);
        const copy: Entry =
          e.type === 'dir' ? { type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime } : { ...e, mtime };
        this.place(q, copy, events);
      }
      return events;
    });
  }

  symlink(target: string, path: string, mtime: number): FsEvent[] {
    if (target === '') throw new FsError('ENOENT', path);
    const p = this.lpath(path);
    if (this.stat(p)) throw new FsError('EEXIST', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.place(p, { type: 'symlink', target, mode: 0o777, uid: 0, gid: 0, mtime }, events);
      return events;
    });
  }

  /** link(2): the new name shares the file (a lower file is copied up first); a symlink is copied. */
  link(existing: string, path: string): FsEvent[] {
    const src = this.lpath(existing);
    const f = this.stat(src);
    if (!f) throw new FsError('ENOENT', existing);
    const p = this.lpath(path);
    if (this.stat(p)) throw new FsError('EEXIST', path);
    if (f.type === 'dir') throw new FsError('EPERM', existing);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.copyUp(src, events);
      const e = this.store.get(src) as Entry;
      if (e.type === 'symlink') this.place(p, { ...e }, events);
      else {
        const target = this.store.holder(src);
        const t = this.store.get(target) as FileEntry;
        this.place(
          p,
          { type: 'hardlink', target, mode: t.mode, uid: t.uid, gid: t.gid, mtime: t.mtime },
          events,
        );
      }
      return events;
    });
  }

  private changeMeta(path: string, change: Partial<Meta>): FsEvent[] {
    const p = this.follow(path);
    if (p === '/') return []; // the root's own attributes are not part of a layer
    if (!this.stat(p)) throw new FsError('ENOENT', path);
    return this.store.atomically(() => {
      const events: FsEvent[] = [];
      this.copyUp(p, events);
      const h = this.store.holder(p);
      const cur = this.store.get(h) as Entry;
      if (cur.type === 'file') this.store.setFile(h, { ...cur, ...change });
      else this.store.put(h, { ...cur, ...change } as Entry);
      return events;
    });
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

  // ---- freezing and diffing ----
  /** This layer as an immutable Layer (whiteouts and opaque dirs included), optionally filtered. */
  toLayer(keep: (path: string) => boolean = () => true): Layer {
    const out: [string, Entry][] = [];
    for (const [p, e] of this.store.entries) {
      if (!keep(p)) continue;
      if (e.type === 'hardlink' && !keep(e.target)) continue;
      out.push([p, e]);
    }
    return Layer.from(out);
  }

  /** What `docker diff` lists: the merged tree against the lower one, sorted (see changes.ts). */
  diff(): Change[] {
    // Below a directory the lower stack shows through, only the names this layer holds can differ.
    return treeChanges(this.lower, this.merged, (dir) => {
      if (dir === '/') return this.store.children('/');
      const own = this.store.get(dir);
      if (!own) return []; // shown from below, and so is everything under it
      return own.type === 'dir' && this.showsLowerDir(dir) ? this.store.children(dir) : undefined;
    });
  }
}

function concatContent(a: Content, b: Content): Content {
  const x = contentBytes(a);
  const y = contentBytes(b);
  const out = new Uint8Array(x.length + y.length);
  out.set(x, 0);
  out.set(y, x.length);
  return { kind: 'bytes', bytes: out };
}
