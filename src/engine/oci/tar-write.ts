// The deterministic layer tar writer: the same layer always gives the same bytes, hence the same
// DiffID. It writes what Docker's overlay2 differ (moby pkg/archive over Go's archive/tar) writes.

import { contentChunks } from '../fs/content';
import { comparePaths } from '../fs/path';
import { contentSize, OPAQUE_MARKER, WHITEOUT_PREFIX, type Entry } from '../fs/entry';
import {
  BLOCK,
  F,
  NAME_SIZE,
  PREFIX_SIZE,
  byteLength,
  encoder,
  field,
  fitsOctal,
  isAscii,
  paxRecord,
  putOctal,
  putString,
  sealChecksum,
  toAscii,
} from './tar-format';

/** What a layer tar is written from: a `Layer` (its `walk()` order) or any `[path, Entry]` pairs. */
export type TarSource = { walk(): Iterable<readonly [string, Entry]> } | Iterable<readonly [string, Entry]>;

/** The fields of one tar entry, before encoding. */
export interface TarHeaderFields {
  name: string;
  typeflag: '0' | '1' | '2' | '5';
  linkname: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
}

const ZERO = new Uint8Array(BLOCK);
const BATCH = 64 * 1024;

/** Entries in walk order: a Layer already walks that way; anything else is sorted. */
export function walkOrder(source: TarSource): Iterable<readonly [string, Entry]> {
  if ('walk' in source && typeof source.walk === 'function') return source.walk();
  return [...(source as Iterable<readonly [string, Entry]>)].sort((x, y) => comparePaths(x[0], y[0]));
}

/** Go's splitUSTARPath: a long ASCII name split at a '/' into prefix (≤155) and name (≤100). */
export function splitUstarPath(name: string): [string, string] | undefined {
  let length = name.length;
  if (length <= NAME_SIZE || !isAscii(name)) return undefined;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > NAME_SIZE || nlen === 0 || i > PREFIX_SIZE) return undefined;
  return [name.slice(0, i), name.slice(i + 1)];
}

/** Where Go names the PAX extended header of `name`: path.Join(dir, "PaxHeaders.0", file). */
function paxHeaderName(name: string): string {
  const slash = name.lastIndexOf('/');
  const dir = name.slice(0, slash + 1).replace(/\/+$/, '');
  const file = name.slice(slash + 1);
  return [dir, 'PaxHeaders.0', file].filter((s) => s !== '').join('/');
}

function baseBlock(h: TarHeaderFields, name: string, linkname: string): Uint8Array {
  const b = new Uint8Array(BLOCK);
  putString(field(b, F.name), name);
  putOctal(field(b, F.mode), h.mode);
  putOctal(field(b, F.uid), h.uid);
  putOctal(field(b, F.gid), h.gid);
  putOctal(field(b, F.size), h.size);
  putOctal(field(b, F.mtime), h.mtime);
  b[F.typeflag[0]] = h.typeflag.charCodeAt(0);
  putString(field(b, F.linkname), linkname);
  b.set(encoder.encode('ustar\u000000'), F.magic[0]);
  // uname and gname stay empty; devmajor/devminor are written as zero like Go does.
  putOctal(field(b, F.devmajor), 0);
  putOctal(field(b, F.devminor), 0);
  return b;
}

/**
 * The header blocks of one entry: a single USTAR block when every field fits, else a PAX extended
 * header (records only for what does not fit, keys sorted) followed by the main block, as Go chooses.
 */
export function headerBlocks(h: TarHeaderFields): Uint8Array[] {
  if (h.name.includes('\0') || h.linkname.includes('\0'))
    throw new Error(`tar: NUL in name ${JSON.stringify(h.name)}`);
  const pax = new Map<string, string>();
  let ustar = true;
  if (!isAscii(h.name) || byteLength(h.name) > NAME_SIZE) {
    if (!splitUstarPath(h.name)) ustar = false;
    pax.set('path', h.name);
  }
  if (!isAscii(h.linkname) || byteLength(h.linkname) > NAME_SIZE) {
    ustar = false;
    pax.set('linkpath', h.linkname);
  }
  const numbers = [
    ['uid', h.uid, 8],
    ['gid', h.gid, 8],
    ['size', h.size, 12],
    ['mtime', h.mtime, 12],
  ] as const;
  for (const [key, value, width] of numbers) {
    if (!Number.isSafeInteger(value))
      throw new Error(`tar: ${key} ${value} of ${JSON.stringify(h.name)} is not an integer`);
    if (!fitsOctal(width, value)) {
      ustar = false;
      pax.set(key, String(value));
    }
  }
  if (!fitsOctal(8, h.mode)) throw new Error(`tar: mode ${h.mode} of ${JSON.stringify(h.name)} does not fit`);

  if (ustar) {
    const split = splitUstarPath(h.name);
    const b = baseBlock(h, split ? split[1] : h.name, h.linkname);
    if (split) putString(field(b, F.prefix), split[0]);
    sealChecksum(b);
    return [b];
  }

  const data = encoder.encode(
    [...pax.keys()]
      .sort()
      .map((k) => paxRecord(k, pax.get(k)!))
      .join(''),
  );
  const x = new Uint8Array(BLOCK);
  let xname = toAscii(paxHeaderName(h.name));
  if (xname.length > NAME_SIZE) xname = xname.slice(0, NAME_SIZE);
  putString(field(x, F.name), xname.replace(/\/+$/, ''));
  putOctal(field(x, F.mode), 0);
  putOctal(field(x, F.uid), 0);
  putOctal(field(x, F.gid), 0);
  putOctal(field(x, F.size), data.length);
  putOctal(field(x, F.mtime), 0);
  x[F.typeflag[0]] = 0x78; // 'x'
  x.set(encoder.encode('ustar\u000000'), F.magic[0]);
  sealChecksum(x);
  const body = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  body.set(data);
  const main = baseBlock(h, toAscii(h.name), toAscii(h.linkname));
  sealChecksum(main);
  return [x, body, main];
}

/** The tar header fields of a layer entry; whiteouts and hard links as Docker writes them. */
export function entryHeader(path: string, e: Entry): TarHeaderFields {
  const name = path.replace(/^\/+/, '');
  const base = { linkname: '', mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, size: 0, mtime: e.mtime };
  switch (e.type) {
    case 'file':
      return { ...base, name, typeflag: '0', size: contentSize(e.content) };
    case 'dir':
      return { ...base, name: `${name}/`, typeflag: '5' };
    case 'symlink':
      return { ...base, name, typeflag: '2', linkname: e.target };
    case 'hardlink':
      return { ...base, name, typeflag: '1', linkname: e.target.replace(/^\/+/, '') };
    case 'whiteout': {
      const slash = name.lastIndexOf('/');
      const wh = `${name.slice(0, slash + 1)}${WHITEOUT_PREFIX}${name.slice(slash + 1)}`;
      return { ...base, name: wh, typeflag: '0', mode: 0o600 };
    }
  }
}

/** Collects small pieces into 64 KiB chunks so that consumers (hashers) see few, large chunks. */
class Batcher {
  private buf = new Uint8Array(BATCH);
  private len = 0;
  *add(bytes: Uint8Array): Generator<Uint8Array> {
    if (bytes.length >= BATCH / 2) {
      yield* this.flush();
      yield bytes;
      return;
    }
    if (this.len + bytes.length > BATCH) yield* this.flush();
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  *flush(): Generator<Uint8Array> {
    if (this.len === 0) return;
    yield this.buf.subarray(0, this.len);
    this.buf = new Uint8Array(BATCH);
    this.len = 0;
  }
}

/**
 * Hard links as a tar can carry them: tar extractors need a link's target earlier in the archive, so
 * (like Docker walking an inode group) the first path of each group in walk order holds the file and
 * the others link to it; every path of a group shares the file's meta, as they share its inode.
 * Returns the entries in walk order; a layer without hard links comes back unchanged.
 */
export function canonicalHardlinks(source: TarSource): [string, Entry][] {
  const list = [...walkOrder(source)].map(([p, e]): [string, Entry] => [p, e]);
  const files = new Map<string, Entry>();
  for (const [p, e] of list) if (e.type === 'file') files.set(p, e);
  const first = new Map<string, string>(); // file path → first path of its group
  for (const [p, e] of list) {
    if (e.type !== 'hardlink') continue;
    const target = files.get(e.target);
    if (target === undefined)
      throw new Error(`tar: hard link ${p} points to ${e.target}, which is not a regular file of the layer`);
    if (!first.has(e.target)) first.set(e.target, e.target);
    if (comparePaths(p, first.get(e.target)!) < 0) first.set(e.target, p);
  }
  if (first.size === 0) return list;
  return list.map(([p, e]): [string, Entry] => {
    const filePath = e.type === 'file' ? p : e.type === 'hardlink' ? e.target : undefined;
    const head = filePath === undefined ? undefined : first.get(filePath);
    if (head === undefined) return [p, e];
    const f = files.get(filePath!)!;
    const meta = { mode: f.mode, uid: f.uid, gid: f.gid, mtime: f.mtime };
    return p === head ? [p, f] : [p, { type: 'hardlink', ...meta, target: head }];
  });
}

/**
 * The layer as a tar stream, chunk by chunk (content is streamed, never gathered whole). Chunks may
 * be views of the entries' own bytes: do not modify them.
 */
export function* tarChunks(source: TarSource): Generator<Uint8Array> {
  const out = new Batcher();
  for (const [path, e] of canonicalHardlinks(source)) {
    const h = entryHeader(path, e);
    for (const b of headerBlocks(h)) yield* out.add(b);
    if (e.type === 'file' && h.size > 0) {
      let written = 0;
      for (const chunk of contentChunks(e.content)) {
        written += chunk.length;
        yield* out.add(chunk);
      }
      if (written !== h.size) throw new Error(`tar: ${path} gave ${written} bytes, expected ${h.size}`);
      const pad = (BLOCK - (h.size % BLOCK)) % BLOCK;
      if (pad > 0) yield* out.add(ZERO.subarray(0, pad));
    }
    if (e.type === 'dir' && e.opaque) {
      // moby's overlay converter: a regular file with the dir's owner and rwx bits, no mtime.
      const marker: TarHeaderFields = {
        name: `${h.name}${OPAQUE_MARKER}`,
        typeflag: '0',
        linkname: '',
        mode: e.mode & 0o777,
        uid: e.uid,
        gid: e.gid,
        size: 0,
        mtime: 0,
      };
      for (const b of headerBlocks(marker)) yield* out.add(b);
    }
  }
  yield* out.add(ZERO);
  yield* out.add(ZERO);
  yield* out.flush();
}

/** The whole tar in one array: for tests and small layers only. */
export function tarBytes(source: TarSource): Uint8Array {
  const chunks = [...tarChunks(source)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
