// A layer tar back to layer entries, judged as untrusted input: paths normalised and kept inside
// the root, devices and duplicates refused, `.wh.` files turned back into whiteouts.

import { OPAQUE_MARKER, WHITEOUT_PREFIX, type DirEntry, type Entry, type Meta } from '../fs/entry';
import { readTar, type TarHeader, type TarInput } from './tar-read';
import { comparePaths } from '../fs/path';

/** A tar entry that cannot become part of a layer (unsafe path, unsupported type, inconsistency). */
export class LayerTarError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    // A hostile name may be a megabyte long: the message quotes its start only.
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    super(`invalid layer tar: ${JSON.stringify(shown)}: ${detail}`);
    this.name = 'LayerTarError';
  }
}

/**
 * A tar member name as an absolute layer path: leading '/' and './' dropped, '.' and empty components
 * ignored, '..' resolved; undefined when '..' climbs above the root.
 */
export function layerPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/**
 * Linux's PATH_MAX: a longer name cannot be unpacked (ENAMETOOLONG), here nor by Docker. Without the
 * cap a small archive could hold a megabyte-long path of half a million directories.
 */
export const PATH_MAX = 4096;

/** Whether a path's UTF-8 form reaches PATH_MAX (a short string cannot: 3 bytes per unit at most). */
function tooLong(path: string): boolean {
  return path.length >= PATH_MAX / 3 && new TextEncoder().encode(path).length >= PATH_MAX;
}

const SPECIAL = { chardev: 'a character device', blockdev: 'a block device', fifo: 'a FIFO' };
const PREALLOCATE = 16 * 1024 * 1024;
const PARENT_META: Meta = { mode: 0o755, uid: 0, gid: 0, mtime: 0 };

/** Builds a layer's entries from its tar, entry by entry, applying the safety rules. */
export class LayerBuilder {
  private readonly entries = new Map<string, Entry>();
  /** Directories added only because something below them was listed. */
  private readonly implied = new Set<string>();
  private readonly opaque = new Set<string>();
  private pending:
    { path: string; parts: Uint8Array[]; buf?: Uint8Array; got: number; size: number } | undefined;

  /**
   * With `borrow`, a file whose whole content arrives in one piece keeps that view of the input
   * instead of a copy (the caller promises never to change its chunks): a loaded 200 MB archive then
   * costs its own size in memory once, not twice.
   */
  constructor(private readonly opts: { borrow?: boolean } = {}) {}

  entry(h: TarHeader): void {
    this.finish();
    const path = layerPath(h.name);
    if (path === undefined) throw new LayerTarError(h.name, 'path climbs out of the layer root with ".."');
    if (tooLong(path)) throw new LayerTarError(h.name, `file name too long (${PATH_MAX} bytes or more)`);
    const meta: Meta = { mode: h.mode & 0o7777, uid: h.uid, gid: h.gid, mtime: h.mtime };
    switch (h.kind) {
      case 'chardev':
      case 'blockdev':
      case 'fifo':
        throw new LayerTarError(
          h.name,
          `${SPECIAL[h.kind]}: devices and FIFOs cannot be stored in a layer here`,
        );
      case 'other':
        throw new LayerTarError(h.name, `unsupported tar entry type ${JSON.stringify(h.typeflag)}`);
    }
    if (path === '/') {
      if (h.kind !== 'dir') throw new LayerTarError(h.name, 'the root must be a directory');
      return; // the root's own attributes are not part of a changeset
    }
    const slash = path.lastIndexOf('/');
    const dir = slash === 0 ? '/' : path.slice(0, slash);
    const base = path.slice(slash + 1);

    if (base === OPAQUE_MARKER) {
      if (h.kind !== 'file') throw new LayerTarError(h.name, 'an opaque marker must be a regular file');
      if (dir === '/') throw new LayerTarError(h.name, 'an opaque marker at the root is not supported');
      if (this.opaque.has(dir)) throw new LayerTarError(h.name, 'duplicate entry');
      this.parents(path, h.name);
      this.opaque.add(dir);
      return;
    }
    if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX))
      throw new LayerTarError(h.name, 'names starting ".wh..wh." are reserved');
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const name = base.slice(WHITEOUT_PREFIX.length);
      if (name === '' || name === '.' || name === '..')
        throw new LayerTarError(h.name, 'whiteout without a name');
      if (h.kind !== 'file') throw new LayerTarError(h.name, 'a whiteout must be a regular file');
      const target = dir === '/' ? `/${name}` : `${dir}/${name}`;
      this.put(target, { type: 'whiteout', ...meta }, h.name);
      return;
    }

    switch (h.kind) {
      case 'dir':
        this.put(path, { type: 'dir', ...meta }, h.name);
        return;
      case 'symlink':
        this.put(path, { type: 'symlink', ...meta, target: h.linkname }, h.name);
        return;
      case 'hardlink': {
        const target = layerPath(h.linkname);
        if (target === undefined || target === '/')
          throw new LayerTarError(
            h.name,
            `hard link target ${JSON.stringify(h.linkname)} is outside the layer`,
          );
        const t = this.implied.has(target) ? undefined : this.entries.get(target);
        if (t === undefined)
          throw new LayerTarError(
            h.name,
            `hard link target ${JSON.stringify(h.linkname)} is not an earlier entry of the layer`,
          );
        if (t.type !== 'file' && t.type !== 'hardlink')
          throw new LayerTarError(
            h.name,
            `hard link target ${JSON.stringify(h.linkname)} is not a regular file`,
          );
        // Links always name the file itself, so a link to a link is a link to its file.
        this.put(
          path,
          { type: 'hardlink', ...meta, target: t.type === 'hardlink' ? t.target : target },
          h.name,
        );
        return;
      }
      case 'file':
        this.put(
          path,
          { type: 'file', ...meta, content: { kind: 'bytes', bytes: new Uint8Array(0) } },
          h.name,
        );
        this.pending = { path, parts: [], got: 0, size: h.size };
        return;
    }
  }

  data(bytes: Uint8Array): void {
    const p = this.pending;
    if (!p) return; // content of a whiteout or marker: ignored
    if (p.got === 0 && bytes.length === p.size && this.opts.borrow) {
      p.buf = bytes; // the whole content in one view: kept as it is
    } else {
      // One buffer of the announced size (allocated on the first bytes, so a lying header costs
      // nothing); a very large size gathers in parts instead, until its bytes have really come.
      if (!p.buf && p.got === 0 && p.size <= PREALLOCATE) p.buf = new Uint8Array(p.size);
      if (p.buf && p.got + bytes.length <= p.buf.length) p.buf.set(bytes, p.got);
      else p.parts.push(bytes.slice());
    }
    p.got += bytes.length;
  }

  /** The entries in walk order, opaque flags set. */
  done(): Map<string, Entry> {
    this.finish();
    for (const dir of this.opaque) {
      const d = this.entries.get(dir);
      if (d?.type !== 'dir')
        throw new LayerTarError(dir.slice(1), 'opaque marker inside something that is not a directory');
      this.entries.set(dir, { ...d, opaque: true } satisfies DirEntry);
    }
    // A tar written in walk order (Docker's, Layer Lab's) needs no sort: check before sorting.
    let prev: string | undefined;
    let ordered = true;
    for (const path of this.entries.keys()) {
      if (prev !== undefined && comparePaths(prev, path) >= 0) {
        ordered = false;
        break;
      }
      prev = path;
    }
    if (ordered) return this.entries;
    return new Map([...this.entries].sort((a, b) => comparePaths(a[0], b[0])));
  }

  private finish(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const e = this.entries.get(p.path);
    if (e?.type !== 'file') return;
    const bytes = p.buf
      ? p.got === p.buf.length && p.parts.length === 0
        ? p.buf
        : joinParts([p.buf.subarray(0, Math.min(p.got, p.buf.length)), ...p.parts], p.got)
      : p.parts.length === 1
        ? p.parts[0]!
        : joinParts(p.parts, p.got);
    this.entries.set(p.path, { ...e, content: { kind: 'bytes', bytes } });
  }

  /**
   * Adds the missing directories above `path`. Every entry's ancestors are already there (this is how
   * entries are added), so the walk goes up only until it meets one: a deep tree costs its depth once,
   * not once per entry.
   */
  private parents(path: string, name: string): void {
    const missing: string[] = [];
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const a = path.slice(0, i);
      const e = this.entries.get(a);
      if (e === undefined) {
        missing.push(a);
        continue;
      }
      if (e.type !== 'dir')
        throw new LayerTarError(name, `parent ${JSON.stringify(a.slice(1))} is not a directory`);
      break;
    }
    for (let k = missing.length - 1; k >= 0; k--) {
      const a = missing[k]!;
      this.entries.set(a, { type: 'dir', ...PARENT_META });
      this.implied.add(a);
    }
  }

  private put(path: string, e: Entry, name: string): void {
    this.parents(path, name);
    const old = this.entries.get(path);
    if (old !== undefined) {
      if (!this.implied.has(path)) throw new LayerTarError(name, 'duplicate entry');
      if (e.type !== 'dir')
        throw new LayerTarError(name, 'entries are listed below it, so it must be a directory');
      this.implied.delete(path);
    }
    this.entries.set(path, e);
  }
}

function joinParts(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The entries of a layer tar, in walk order: names normalised ('./' and '/' prefixes dropped), '..'
 * escapes, devices, FIFOs and duplicates rejected, `.wh.` files turned back into whiteouts and
 * opaque directories, and missing parent directories added (0755, root, mtime 0).
 */
export async function entriesFromTar(chunks: TarInput): Promise<Map<string, Entry>> {
  const b = new LayerBuilder();
  for await (const ev of readTar(chunks)) {
    if (ev.kind === 'entry') b.entry(ev.header);
    else b.data(ev.bytes);
  }
  return b.done();
}
