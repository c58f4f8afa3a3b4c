// A root filesystem as the generator builds it: a map path → node, with the operations an image
// build performs (write, link, remove) and the diff that turns two states into one layer.

export interface Meta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
}

/** A regular file: real text when it matters for teaching, else only a size. `rev` names its version. */
export type FileNode = Meta & { type: 'file'; size: number; text?: string; rev: string };
export type Node =
  | (Meta & { type: 'dir' })
  | FileNode
  | (Meta & { type: 'symlink'; target: string })
  | (Meta & { type: 'hardlink'; target: string });

/** A layer in the making: nodes plus whiteouts, every path's ancestors present. */
export type LayerNode = Node | (Meta & { type: 'whiteout' }) | (Meta & { type: 'opaque' });

const encoder = new TextEncoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function byteCompare(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Go filepath.Walk order: depth first, siblings sorted by bytes (so `/a/b` comes before `/a.c`). */
export function walkCompare(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = byteCompare(x[i]!, y[i]!);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function ancestorsOf(p: string): string[] {
  const out: string[] = [];
  for (let q = parentOf(p); q !== '/'; q = parentOf(q)) out.unshift(q);
  return out;
}

export function textNode(text: string, meta: Meta, rev: string): FileNode {
  return { type: 'file', ...meta, size: encoder.encode(text).length, text, rev };
}

export class Tree {
  readonly nodes: Map<string, Node>;

  constructor(nodes?: Map<string, Node>) {
    this.nodes = nodes ?? new Map();
  }

  clone(): Tree {
    return new Tree(new Map(this.nodes));
  }

  get(p: string): Node | undefined {
    return this.nodes.get(p);
  }

  has(p: string): boolean {
    return this.nodes.has(p);
  }

  /** Sets a node; its parent must be a directory already (as for a real syscall). */
  set(p: string, node: Node): void {
    const parent = parentOf(p);
    if (parent !== '/' && this.nodes.get(parent)?.type !== 'dir')
      throw new Error(`no parent directory for ${p}`);
    this.nodes.set(p, node);
  }

  /** Creates missing directories down to `p` with `meta` (mkdir -p). */
  mkdirp(p: string, meta: Meta): void {
    for (const q of [...ancestorsOf(p), p]) {
      const n = this.nodes.get(q);
      if (!n) this.nodes.set(q, { type: 'dir', ...meta });
      else if (n.type !== 'dir') throw new Error(`${q} exists and is not a directory`);
    }
  }

  /** Removes `p` and everything below it. */
  remove(p: string): void {
    const n = this.nodes.get(p);
    if (!n) return;
    this.nodes.delete(p);
    if (n.type === 'dir') {
      const prefix = p + '/';
      for (const q of [...this.nodes.keys()]) if (q.startsWith(prefix)) this.nodes.delete(q);
    }
  }

  /** Paths directly below `dir`. */
  children(dir: string): string[] {
    const prefix = dir === '/' ? '/' : dir + '/';
    const out: string[] = [];
    for (const q of this.nodes.keys())
      if (q.startsWith(prefix) && !q.slice(prefix.length).includes('/')) out.push(q);
    return out;
  }

  /** Follows symlinks inside the tree; undefined when the chain dangles. */
  resolve(p: string, depth = 0): string | undefined {
    if (depth > 40) return undefined;
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (let i = 0; i < parts.length; i++) {
      const next = `${cur}/${parts[i]}`;
      const n = this.nodes.get(next);
      if (!n) return undefined;
      if (n.type === 'symlink') {
        const base = n.target.startsWith('/') ? n.target : `${cur}/${n.target}`;
        const resolved = this.resolve(normalizePath(base), depth + 1);
        if (resolved === undefined) return undefined;
        cur = resolved === '/' ? '' : resolved;
      } else {
        cur = next;
      }
    }
    return cur === '' ? '/' : cur;
  }

  walk(): [string, Node][] {
    return [...this.nodes.entries()].sort((a, b) => walkCompare(a[0], b[0]));
  }

  /** Sum of regular file sizes (hard links count once, as in a tar). */
  size(): number {
    let s = 0;
    for (const n of this.nodes.values()) if (n.type === 'file') s += n.size;
    return s;
  }
}

export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function sameMeta(a: Meta, b: Meta): boolean {
  return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime;
}

function sameNode(a: Node, b: Node): boolean {
  if (a.type !== b.type || !sameMeta(a, b)) return false;
  switch (a.type) {
    case 'dir':
      return true;
    case 'file': {
      const f = b as FileNode;
      return a.size === f.size && a.rev === f.rev && a.text === f.text;
    }
    default:
      return a.target === (b as { target: string }).target;
  }
}

/**
 * The changeset that takes `before` to `after`, as overlayfs would record it in a container's upper
 * directory: new and changed entries with all their parent directories, whiteouts for removals.
 */
export function diffTrees(before: Tree, after: Tree, whiteoutTime: number): Map<string, LayerNode> {
  const out = new Map<string, LayerNode>();
  const include = (p: string) => {
    for (const q of [...ancestorsOf(p), p]) {
      if (out.has(q)) continue;
      const n = after.get(q);
      if (!n) throw new Error(`diff: ${q} missing in the new tree`);
      out.set(q, n);
    }
  };
  for (const [p, n] of after.nodes) {
    const old = before.get(p);
    if (!old || !sameNode(old, n)) include(p);
  }
  // A hard link needs its target in the same layer.
  for (const [, n] of [...out]) if (n.type === 'hardlink') include(n.target);
  for (const p of before.nodes.keys()) {
    if (after.has(p)) continue;
    const parent = parentOf(p);
    if (parent !== '/') {
      // Gone with an ancestor: that ancestor's whiteout (or its replacement) covers it.
      if (after.get(parent)?.type !== 'dir' || out.get(parent)?.type === 'whiteout') continue;
      include(parent);
    }
    out.set(p, { type: 'whiteout', mode: 0o600, uid: 0, gid: 0, mtime: whiteoutTime });
  }
  return out;
}
