// The catalog's on-disk format: an index (repositories, tags, images, layers) and one gzipped JSON
// file per layer holding its entries as compact tuples. Written by scripts/catalog/, read here.

import type { Content, Entry } from '../fs/entry';
import { textContent } from '../fs/content';
import { fillSeed } from './seed';

export const CATALOG_FORMAT = 'layerlab-catalog/1';
export const LAYER_FORMAT = 'layerlab-layer/1';

/**
 * One entry as a tuple: `[path, kind, mode, owner, mtime, data?]`.
 * kind: `d` dir, `o` opaque dir, `f` file with a virtual fill (data = size), `t` file with text
 * (data = the text), `l` symlink and `h` hard link (data = target), `w` whiteout.
 * owner: a number n means uid = gid = n; `[uid, gid]` otherwise.
 */
export type EntryTuple =
  | [string, 'd' | 'o' | 'w', number, Owner, number]
  | [string, 'f', number, Owner, number, number]
  | [string, 't' | 'l' | 'h', number, Owner, number, string];
export type Owner = number | [number, number];

export interface LayerFile {
  format: typeof LAYER_FORMAT;
  /** The layer's catalog name; with each path it seeds the layer's virtual fills. */
  name: string;
  entries: EntryTuple[];
}

/** What the registry tells about one layer of an image (the manifest's view plus the config's). */
export interface CatalogLayer {
  /** sha256 of the uncompressed tar. */
  diffId: string;
  /** sha256 of the gzipped tar, the manifest's layer digest. */
  blobDigest: string;
  blobSize: number;
  /** Sum of the file content sizes (what `docker history` shows). */
  size: number;
  /** The history line that made this layer. */
  createdBy: string;
}

export interface CatalogImage {
  /** The manifest JSON, exactly the bytes its digest covers. */
  manifest: string;
  /** The config JSON, exactly the bytes the image id covers. */
  config: string;
  layers: CatalogLayer[];
}

export interface CatalogLayerInfo {
  name: string;
  /** File under the catalog root holding the layer's entries. */
  file: string;
  size: number;
  entries: number;
}

export interface CatalogIndex {
  format: typeof CATALOG_FORMAT;
  /** `library/nginx` → tag → manifest digest. */
  repositories: Record<string, { description: string; tags: Record<string, string> }>;
  /** manifest digest → image. */
  images: Record<string, CatalogImage>;
  /** diffID → where its entries are. */
  layers: Record<string, CatalogLayerInfo>;
}

function owner(o: Owner): { uid: number; gid: number } {
  return typeof o === 'number' ? { uid: o, gid: o } : { uid: o[0], gid: o[1] };
}

/** Turns one tuple into an engine entry; `layerName` seeds the fills. */
export function tupleToEntry(layerName: string, t: EntryTuple): [string, Entry] {
  const [path, kind, mode, own, mtime] = t;
  const meta = { mode, ...owner(own), mtime };
  switch (t[1]) {
    case 'd':
      return [path, { type: 'dir', ...meta }];
    case 'o':
      return [path, { type: 'dir', opaque: true, ...meta }];
    case 'w':
      return [path, { type: 'whiteout', ...meta }];
    case 'f': {
      const size = t[5];
      const content: Content =
        size === 0
          ? { kind: 'bytes', bytes: new Uint8Array(0) }
          : { kind: 'fill', size, seed: fillSeed(layerName, path) };
      return [path, { type: 'file', ...meta, content }];
    }
    case 't':
      return [path, { type: 'file', ...meta, content: textContent(t[5]) }];
    case 'l':
      return [path, { type: 'symlink', ...meta, target: t[5] }];
    case 'h':
      return [path, { type: 'hardlink', ...meta, target: t[5] }];
    default:
      throw new Error(`catalog layer ${layerName}: unknown entry kind ${String(kind)} at ${path}`);
  }
}

/** Parses a layer file's JSON (already decompressed) into entries, checking its header. */
export function parseLayerFile(json: string): { name: string; entries: [string, Entry][] } {
  const data = JSON.parse(json) as LayerFile;
  if (data.format !== LAYER_FORMAT)
    throw new Error(`not a catalog layer file (format ${String(data.format)})`);
  return { name: data.name, entries: data.entries.map((t) => tupleToEntry(data.name, t)) };
}

export function parseIndex(json: string): CatalogIndex {
  const data = JSON.parse(json) as CatalogIndex;
  if (data.format !== CATALOG_FORMAT) throw new Error(`not a catalog index (format ${String(data.format)})`);
  return data;
}
