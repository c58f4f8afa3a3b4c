// The entries of a container's writable layer, indexed the way its operations read them: child names
// by directory, hard links by the file they share, bytes held; and the changes that keep hard links
// whole. Every change is journaled while an operation runs, so a failed one can be put back exactly.

import type { Entry, FileEntry, HardlinkEntry } from './entry';
import { entrySize } from './entry';
import { basename, compareNames, comparePaths, dirname, isWithin, join } from './path';

type Undo = [path: string, before: Entry | undefined];

export class UpperMap {
  private readonly map = new Map<string, Entry>();
  private readonly kids = new Map<string, Set<string>>();
  private readonly sorted = new Map<string, readonly string[]>();
  /** File path → paths of the hard links that share it. */
  private readonly links = new Map<string, Set<string>>();
  private bytes = 0;
  private journal: Undo[] | undefined;

  constructor(entries: Iterable<readonly [string, Entry]> = []) {
    for (const [p, e] of entries) this.write(p, e);
  }

  get entries(): ReadonlyMap<string, Entry> {
    return this.map;
  }
  /** Bytes of file content held (hard links count nothing). */
  get size(): number {
    return this.bytes;
  }
  get(p: string): Entry | undefined {
    return this.map.get(p);
  }
  has(p: string): boolean {
    return this.map.has(p);
  }
  children(dir: string): readonly string[] {
    let out = this.sorted.get(dir);
    if (!out) {
      out = [...(this.kids.get(dir) ?? [])].sort(compareNames);
      this.sorted.set(dir, out);
    }
    return out;
  }
  /** The hard links sharing the file at `p`, in path order. */
  linksTo(p: string): string[] {
    return [...(this.links.get(p) ?? [])].sort(comparePaths);
  }
  /** `p` and everything this layer holds below it, parents before children. */
  subtree(p: string): string[] {
    if (!this.map.has(p)) return [];
    const out = [p];
    for (let i = 0; i < out.length; i++) {
      const q = out[i] as string;
      for (const n of this.kids.get(q) ?? []) out.push(join(q, n));
    }
    return out;
  }

  put(p: string, e: Entry): void {
    this.journal?.push([p, this.map.get(p)]);
    this.write(p, e);
  }
  /** Removes one path (its children must be gone already). */
  drop(p: string): void {
    if (!this.map.has(p)) return;
    this.journal?.push([p, this.map.get(p)]);
    this.erase(p);
  }

  // ---- hard links: a file and its links are one file under several names ----
  /** The path whose entry holds the bytes of `p` (a hard link's file). */
  holder(p: string): string {
    const e = this.map.get(p);
    return e?.type === 'hardlink' ? e.target : p;
  }
  /** Two names of one file: the same path, or hard links sharing it in this layer. */
  sameFile(a: string, b: string): boolean {
    if (a === b) return true;
    const isFile = (e: Entry | undefined) => e?.type === 'file' || e?.type === 'hardlink';
    return isFile(this.map.get(a)) && isFile(this.map.get(b)) && this.holder(a) === this.holder(b);
  }
  /** Sets the file at `p`, and the same attributes on every hard link sharing it (as tar will show them). */
  setFile(p: string, next: FileEntry): void {
    this.put(p, next);
    for (const l of this.linksTo(p)) {
      const e = this.map.get(l) as HardlinkEntry;
      this.put(l, { ...e, mode: next.mode, uid: next.uid, gid: next.gid, mtime: next.mtime });
    }
  }
  /**
   * Drops the entries at and below `p`. A file leaving while hard links outside still name it moves
   * into the first of those links: the content lives on under its other names.
   */
  dropTree(p: string): void {
    const doomed = this.subtree(p);
    for (const q of doomed) {
      const e = this.map.get(q);
      if (e?.type !== 'file') continue;
      const [heir, ...rest] = this.linksTo(q).filter((l) => !isWithin(l, p));
      if (!heir) continue;
      this.setFile(heir, e);
      for (const l of rest) this.put(l, { ...(this.map.get(l) as HardlinkEntry), target: heir });
    }
    for (const q of doomed.reverse()) this.drop(q);
  }
  /** Moves the subtree `src` to the free path `dst`; hard links, inside or out, follow their files. */
  move(src: string, dst: string): void {
    const at = (q: string) => (isWithin(q, src) ? dst + q.slice(src.length) : q);
    const paths = this.subtree(src);
    const moved = paths.map((q) => [at(q), this.map.get(q) as Entry] as const);
    const outside: [string, HardlinkEntry][] = [];
    for (const q of paths) {
      for (const l of this.linksTo(q))
        if (!isWithin(l, src)) outside.push([l, this.map.get(l) as HardlinkEntry]);
    }
    for (const q of [...paths].reverse()) this.drop(q);
    for (const [q, e] of moved) this.put(q, e.type === 'hardlink' ? { ...e, target: at(e.target) } : e);
    for (const [l, e] of outside) this.put(l, { ...e, target: at(e.target) });
  }

  /** Runs `fn`; if it throws, every change it made is undone before the error goes on. */
  atomically<T>(fn: () => T): T {
    if (this.journal) return fn();
    const journal: Undo[] = (this.journal = []);
    try {
      return fn();
    } catch (err) {
      this.journal = undefined;
      for (let i = journal.length - 1; i >= 0; i--) {
        const [p, before] = journal[i] as Undo;
        if (before) this.write(p, before);
        else this.erase(p);
      }
      throw err;
    } finally {
      this.journal = undefined;
    }
  }

  private write(p: string, e: Entry): void {
    const before = this.map.get(p);
    if (before) this.unindex(p, before);
    else {
      const d = dirname(p);
      let s = this.kids.get(d);
      if (!s) this.kids.set(d, (s = new Set()));
      s.add(basename(p));
      this.sorted.delete(d);
    }
    this.map.set(p, e);
    this.bytes += entrySize(e);
    if (e.type === 'hardlink') {
      let s = this.links.get(e.target);
      if (!s) this.links.set(e.target, (s = new Set()));
      s.add(p);
    }
  }
  private erase(p: string): void {
    const before = this.map.get(p);
    if (!before) return;
    this.unindex(p, before);
    this.map.delete(p);
    const d = dirname(p);
    const s = this.kids.get(d);
    s?.delete(basename(p));
    if (s?.size === 0) this.kids.delete(d);
    this.sorted.delete(d);
  }
  private unindex(p: string, e: Entry): void {
    this.bytes -= entrySize(e);
    if (e.type !== 'hardlink') return;
    const s = this.links.get(e.target);
    s?.delete(p);
    if (s?.size === 0) this.links.delete(e.target);
  }
}
