// A plain Linux filesystem in one flat map of path → inode, with no layers at all: the reference the
// Upper's merged view is checked against. Hard links are one inode under two paths; every call checks
// what the kernel checks, in the kernel's order, before it changes anything.

import { FsError } from '../../src/engine/errors';
import { contentBytes } from '../../src/engine/fs/content';
import type { Entry } from '../../src/engine/fs/entry';

export interface Inode {
  kind: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  bytes: Uint8Array;
  target: string;
  /** A directory that came with the image: overlayfs without redirect_dir cannot rename it (EXDEV). */
  image: boolean;
}

/** What a tree shows of one path: enough to compare two trees, contents as text. */
export interface Rec {
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  target?: string;
  text?: string;
}

const ROOT: Inode = {
  kind: 'dir',
  mode: 0o755,
  uid: 0,
  gid: 0,
  mtime: 0,
  bytes: new Uint8Array(),
  target: '',
  image: true,
};
const MAX_LINKS = 40;

const up = (p: string) => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));
const child = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
const under = (p: string, dir: string) => dir === '/' || p === dir || p.startsWith(dir + '/');
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

export class LinuxModel {
  readonly nodes = new Map<string, Inode>();

  /** Starts from a merged tree (applyLayers of the lowers): every directory in it is an image one. */
  constructor(tree: ReadonlyMap<string, Entry>) {
    for (const [p, e] of tree) {
      const base = {
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        mtime: e.mtime,
        bytes: new Uint8Array(),
        target: '',
      };
      if (e.type === 'file')
        this.nodes.set(p, { ...base, kind: 'file', bytes: contentBytes(e.content), image: false });
      else if (e.type === 'dir') this.nodes.set(p, { ...base, kind: 'dir', image: true });
      else if (e.type === 'symlink')
        this.nodes.set(p, { ...base, kind: 'symlink', target: e.target, image: false });
      else throw new Error(`the model starts from plain trees, not a ${e.type}`);
    }
  }

  tree(): Map<string, Rec> {
    const out = new Map<string, Rec>();
    for (const p of [...this.nodes.keys()].sort(byPath)) out.set(p, recOf(this.nodes.get(p) as Inode));
    return out;
  }

  // ---- namei ----
  private get(p: string): Inode | undefined {
    return p === '/' ? ROOT : this.nodes.get(p);
  }
  private names(dir: string): string[] {
    return [...this.nodes.keys()].filter((p) => p !== '/' && up(p) === dir);
  }
  private walk(start: string, rel: string, follow: boolean, links: { n: number }): string {
    const comps = rel.split('/').filter((c) => c !== '' && c !== '.');
    let cur = rel.startsWith('/') ? '/' : start;
    for (let i = 0; i < comps.length; i++) {
      const c = comps[i] as string;
      const last = i === comps.length - 1;
      if (c === '..') {
        cur = up(cur);
        continue;
      }
      const next = child(cur, c);
      const node = this.nodes.get(next);
      if (!node) {
        if (last) return next;
        throw new FsError('ENOENT', rel);
      }
      if (node.kind === 'symlink' && (follow || !last)) {
        if (++links.n > MAX_LINKS) throw new FsError('ELOOP', rel);
        cur = this.walk(cur, node.target, true, links);
        if (last) return cur;
        const d = this.get(cur);
        if (!d) throw new FsError('ENOENT', rel);
        if (d.kind !== 'dir') throw new FsError('ENOTDIR', rel);
        continue;
      }
      if (!last && node.kind !== 'dir') throw new FsError('ENOTDIR', rel);
      cur = next;
    }
    return cur;
  }
  private resolve(path: string, follow: boolean): string {
    return this.walk('/', path, follow, { n: 0 });
  }
  /** The (real) parent directory of `path` and its last name, '' for the root. */
  private split(path: string): [string, string] {
    const comps = path.split('/').filter((c) => c !== '' && c !== '.');
    const name = comps.pop() ?? '';
    const dir = this.resolve('/' + comps.join('/'), true);
    const d = this.get(dir);
    if (!d) throw new FsError('ENOENT', path);
    if (d.kind !== 'dir') throw new FsError('ENOTDIR', path);
    return [dir, name];
  }
  private lpath(path: string): string {
    const [dir, name] = this.split(path);
    return name ? child(dir, name) : '/';
  }
  private follow(path: string): string {
    const [dir, name] = this.split(path);
    return name ? this.resolve(child(dir, name), true) : '/';
  }

  // ---- system calls ----
  writeFile(path: string, bytes: Uint8Array, append: boolean, mtime: number): void {
    const p = this.follow(path);
    const node = this.get(p);
    if (node?.kind === 'dir') throw new FsError('EISDIR', path);
    if (node) {
      node.bytes = append ? new Uint8Array([...node.bytes, ...bytes]) : bytes;
      node.mtime = mtime;
    } else
      this.nodes.set(p, {
        kind: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime,
        bytes,
        target: '',
        image: false,
      });
  }

  mkdir(path: string, parents: boolean, mode: number, mtime: number): void {
    const fresh = (): Inode => ({
      kind: 'dir',
      mode,
      uid: 0,
      gid: 0,
      mtime,
      bytes: new Uint8Array(),
      target: '',
      image: false,
    });
    if (!parents) {
      const p = this.lpath(path);
      if (this.get(p)) throw new FsError('EEXIST', path);
      this.nodes.set(p, fresh());
      return;
    }
    // One mkdir per component, as `mkdir -p` does; only a component that exists can fail, and no
    // component exists after one was made.
    const comps = path.split('/').filter((c) => c !== '' && c !== '.');
    let cur = '/';
    comps.forEach((c, i) => {
      const last = i === comps.length - 1;
      const at = child(cur, c);
      if (!this.nodes.has(at)) {
        this.nodes.set(at, fresh());
        cur = at;
        return;
      }
      const real = this.resolve(at, true);
      const node = this.get(real);
      if (!node) throw new FsError(last ? 'EEXIST' : 'ENOENT', path);
      if (node.kind !== 'dir') throw new FsError(last ? 'EEXIST' : 'ENOTDIR', path);
      cur = real;
    });
  }

  unlink(path: string): void {
    const p = this.lpath(path);
    const node = this.get(p);
    if (!node) throw new FsError('ENOENT', path);
    if (node.kind === 'dir') throw new FsError('EISDIR', path);
    this.nodes.delete(p);
  }

  rmdir(path: string): void {
    const p = this.lpath(path);
    if (p === '/') throw new FsError('EBUSY', path);
    const node = this.get(p);
    if (!node) throw new FsError('ENOENT', path);
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', path);
    if (this.names(p).length) throw new FsError('ENOTEMPTY', path);
    this.nodes.delete(p);
  }

  remove(path: string): void {
    const p = this.lpath(path);
    if (p === '/') throw new FsError('EBUSY', path);
    if (!this.get(p)) throw new FsError('ENOENT', path);
    for (const q of [...this.nodes.keys()]) if (under(q, p)) this.nodes.delete(q);
  }

  rename(from: string, to: string): void {
    const [sd, sn] = this.split(from);
    const [dd, dn] = this.split(to);
    if (!sn || !dn) throw new FsError('EBUSY', from);
    const src = child(sd, sn);
    const dst = child(dd, dn);
    const a = this.get(src);
    if (!a) throw new FsError('ENOENT', from);
    const b = this.get(dst);
    if (src !== dst && under(dd, src)) throw new FsError('EINVAL', from); // source is an ancestor of target
    if (sd !== dd && under(sd, dst)) throw new FsError('ENOTEMPTY', to); // target is an ancestor of source
    if (a === b) return; // one inode under both names: nothing to do
    if (b && a.kind === 'dir' && b.kind !== 'dir') throw new FsError('ENOTDIR', to);
    if (b && a.kind !== 'dir' && b.kind === 'dir') throw new FsError('EISDIR', to);
    if (a.kind === 'dir' && a.image) throw new FsError('EXDEV', from);
    if (b?.kind === 'dir' && this.names(dst).length) throw new FsError('ENOTEMPTY', to);
    const moving = [...this.nodes].filter(([p]) => under(p, src));
    this.nodes.delete(dst);
    for (const [p] of moving) this.nodes.delete(p);
    for (const [p, n] of moving) this.nodes.set(dst + p.slice(src.length), n);
  }

  symlink(target: string, path: string, mtime: number): void {
    if (target === '') throw new FsError('ENOENT', path);
    const p = this.lpath(path);
    if (this.get(p)) throw new FsError('EEXIST', path);
    this.nodes.set(p, {
      kind: 'symlink',
      mode: 0o777,
      uid: 0,
      gid: 0,
      mtime,
      bytes: new Uint8Array(),
      target,
      image: false,
    });
  }

  /** A hard link to a symlink is modelled as a copy of it, as the Upper does (see the report). */
  link(existing: string, path: string): void {
    const src = this.lpath(existing);
    const a = this.get(src);
    if (!a) throw new FsError('ENOENT', existing);
    const p = this.lpath(path);
    if (this.get(p)) throw new FsError('EEXIST', path);
    if (a.kind === 'dir') throw new FsError('EPERM', existing);
    this.nodes.set(p, a.kind === 'symlink' ? { ...a } : a);
  }

  /** `cp -r` as the engine does it: reads through symlinks at the top, copies hard links apart, one new mtime. */
  copy(from: string, to: string, mtime: number): void {
    const src = this.follow(from);
    if (!this.get(src)) throw new FsError('ENOENT', from);
    const dst = this.lpath(to);
    if (this.get(dst)) throw new FsError('EEXIST', to);
    if (under(dst, src)) throw new FsError('EINVAL', to);
    const items = [...this.nodes].filter(([p]) => under(p, src)).sort((a, b) => byPath(a[0], b[0]));
    for (const [p, n] of items) this.nodes.set(dst + p.slice(src.length), { ...n, mtime, image: false });
  }

  setattr(path: string, change: Partial<Pick<Inode, 'mode' | 'uid' | 'gid' | 'mtime'>>): void {
    const p = this.follow(path);
    if (p === '/') return;
    const node = this.get(p);
    if (!node) throw new FsError('ENOENT', path);
    Object.assign(node, change);
  }
}

export function recOf(n: Inode | Entry): Rec {
  const meta = { mode: n.mode, uid: n.uid, gid: n.gid, mtime: n.mtime };
  if ('kind' in n) {
    if (n.kind === 'file') return { type: 'file', ...meta, text: latin1(n.bytes) };
    if (n.kind === 'symlink') return { type: 'symlink', ...meta, target: n.target };
    return { type: 'dir', ...meta };
  }
  if (n.type === 'file') return { type: 'file', ...meta, text: latin1(contentBytes(n.content)) };
  if (n.type === 'symlink') return { type: 'symlink', ...meta, target: n.target };
  if (n.type === 'dir') return { type: 'dir', ...meta };
  throw new Error(`a merged tree holds no ${n.type}`);
}

/** Path order with a directory right before its children. */
export function byPath(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
  }
  return x.length - y.length;
}
