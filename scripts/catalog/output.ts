// Writes static/catalog/: one gzipped JSON file per layer, and index.json with every repository, tag,
// image (manifest + config bytes) and layer (diffID, blob digest and size). Digests come from the
// engine's own deterministic tar writer, so the engine can recompute them.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gzip, gzipSync } from 'fflate';
import { tarChunks } from '../../src/engine/oci/tar-write';
import { MEDIA, ociManifestBytes } from '../../src/engine/oci/manifest';
import {
  goMap,
  goSlice,
  goString,
  goStrings,
  goStruct,
  goTime,
  omitEmptyString,
  omitFalse,
} from '../../src/engine/oci/gojson';
import { asDigest } from '../../src/engine/ids';
import {
  CATALOG_FORMAT,
  LAYER_FORMAT,
  parseLayerFile,
  type CatalogImage,
  type CatalogIndex,
  type EntryTuple,
  type LayerFile,
  type Owner,
} from '../../src/engine/registry/format';
import { CACHE_DIR, log, REPO_ROOT } from './cache';
import type { BuiltLayer, History, ImageBuild, RunConfig } from './build';
import type { LayerNode } from './tree';
import { walkCompare } from './tree';

export interface ImageDef {
  /** Repository path: `library/nginx`, `portainer/portainer`. */
  repo: string;
  tags: string[];
  description: string;
  build: ImageBuild;
}

/** Gzip level of the blobs: fixed, so blob digests are reproducible. */
export const BLOB_LEVEL = 6;

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function owner(uid: number, gid: number): Owner {
  return uid === gid ? uid : [uid, gid];
}

function tuple(path: string, n: LayerNode): EntryTuple {
  const o = owner(n.uid, n.gid);
  switch (n.type) {
    case 'dir':
      return [path, 'd', n.mode, o, n.mtime];
    case 'opaque':
      return [path, 'o', n.mode, o, n.mtime];
    case 'whiteout':
      return [path, 'w', n.mode, o, n.mtime];
    case 'file':
      return n.text !== undefined
        ? [path, 't', n.mode, o, n.mtime, n.text]
        : [path, 'f', n.mode, o, n.mtime, n.size];
    case 'symlink':
      return [path, 'l', n.mode, o, n.mtime, n.target];
    case 'hardlink':
      return [path, 'h', n.mode, o, n.mtime, n.target];
  }
}

export function layerFileJson(layer: BuiltLayer): string {
  const entries = [...layer.nodes.entries()]
    .sort((a, b) => walkCompare(a[0], b[0]))
    .map(([p, n]) => tuple(p, n));
  const file: LayerFile = { format: LAYER_FORMAT, name: layer.name, entries };
  // One entry per line: readable diffs, and gzip does not care.
  return `{"format":${JSON.stringify(file.format)},"name":${JSON.stringify(file.name)},"entries":[\n${entries
    .map((e) => JSON.stringify(e))
    .join(',\n')}\n]}\n`;
}

interface LayerDigests {
  diffId: string;
  blobDigest: string;
  blobSize: number;
  size: number;
  entries: number;
}

/** Hash of the engine code that decides the tar bytes: a change there invalidates cached digests. */
function tarCodeVersion(): string {
  const files = [
    'src/engine/oci/tar-write.ts',
    'src/engine/oci/tar-format.ts',
    'src/engine/fs/content.ts',
    'src/engine/registry/seed.ts',
  ];
  return sha256(files.map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\0')).slice(0, 16);
}

function digestLayer(json: string): LayerDigests {
  const { entries } = parseLayerFile(json);
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  let blobSize = 0;
  const gz = new Gzip({ level: BLOB_LEVEL, mtime: 0 }, (chunk) => {
    blob.update(chunk);
    blobSize += chunk.length;
  });
  for (const chunk of tarChunks(entries)) {
    diff.update(chunk);
    gz.push(chunk);
  }
  gz.push(new Uint8Array(0), true);
  let size = 0;
  for (const [, e] of entries)
    if (e.type === 'file') size += e.content.kind === 'bytes' ? e.content.bytes.length : e.content.size;
  return {
    diffId: `sha256:${diff.digest('hex')}`,
    blobDigest: `sha256:${blob.digest('hex')}`,
    blobSize,
    size,
    entries: entries.length,
  };
}

function configJson(c: RunConfig): string {
  const set = (a: string[] | undefined) =>
    a && a.length > 0 ? goMap(Object.fromEntries(a.map((k) => [k, '{}'])), (v) => v) : undefined;
  // image-spec ImageConfig field order; BuildKit leaves out what a Dockerfile did not set.
  return goStruct([
    ['User', omitEmptyString(c.User)],
    ['ExposedPorts', set(c.ExposedPorts)],
    ['Env', c.Env.length > 0 ? goStrings(c.Env) : undefined],
    ['Entrypoint', c.Entrypoint ? goStrings(c.Entrypoint) : undefined],
    ['Cmd', c.Cmd ? goStrings(c.Cmd) : undefined],
    ['Volumes', set(c.Volumes)],
    ['WorkingDir', omitEmptyString(c.WorkingDir)],
    ['Labels', c.Labels && Object.keys(c.Labels).length > 0 ? goMap(c.Labels, goString) : undefined],
    ['StopSignal', omitEmptyString(c.StopSignal)],
  ]);
}

function historyJson(h: History): string {
  return goStruct([
    ['created', goString(goTime(h.created * 1000))],
    ['created_by', omitEmptyString(h.createdBy)],
    ['comment', omitEmptyString(h.comment)],
    ['empty_layer', omitFalse(h.emptyLayer)],
  ]);
}

/** The image config as BuildKit writes it: top-level keys sorted, nested ones in struct order. */
export function imageConfigJson(build: ImageBuild, diffIds: string[]): string {
  const created = build.history.at(-1)?.created ?? build.time;
  return goStruct([
    ['architecture', goString('amd64')],
    ['config', configJson(build.config)],
    ['created', goString(goTime(created * 1000))],
    ['history', goSlice(build.history, historyJson)],
    ['os', goString('linux')],
    [
      'rootfs',
      goStruct([
        ['type', goString('layers')],
        ['diff_ids', goStrings(diffIds)],
      ]),
    ],
  ]);
}

export interface CatalogSummary {
  images: { ref: string; layers: { name: string; size: number; blobSize: number }[]; size: number }[];
  files: { file: string; bytes: number }[];
}

export function writeCatalog(outDir: string, defs: ImageDef[]): CatalogSummary {
  const layers = new Map<string, BuiltLayer>();
  for (const d of defs) {
    for (const l of d.build.layers) {
      const seen = layers.get(l.name);
      if (seen && seen !== l) throw new Error(`two different layers named ${l.name}`);
      layers.set(l.name, l);
    }
  }

  const cacheFile = join(CACHE_DIR, 'digests.json');
  const cache: Record<string, LayerDigests> = existsSync(cacheFile)
    ? JSON.parse(readFileSync(cacheFile, 'utf8'))
    : {};
  const version = tarCodeVersion();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'layers'), { recursive: true });

  const files: CatalogSummary['files'] = [];
  const digests = new Map<string, LayerDigests & { file: string }>();
  for (const [name, layer] of [...layers].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(name))
      throw new Error(`layer name not usable as a file name: ${name}`);
    const json = layerFileJson(layer);
    const file = `layers/${name}.json.gz`;
    const gz = gzipSync(new TextEncoder().encode(json), { level: 9, mtime: 0 });
    writeFileSync(join(outDir, file), gz);
    files.push({ file, bytes: gz.length });
    const key = `${version}:${sha256(json)}`;
    let d = cache[key];
    if (!d) {
      log(`digesting ${name}`);
      d = digestLayer(json);
      cache[key] = d;
    }
    digests.set(name, { ...d, file });
  }
  writeFileSync(cacheFile, JSON.stringify(cache, null, 1) + '\n');

  const index: CatalogIndex = { format: CATALOG_FORMAT, repositories: {}, images: {}, layers: {} };
  const summary: CatalogSummary = { images: [], files };
  for (const def of [...defs].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0))) {
    const ls = def.build.layers.map((l) => digests.get(l.name)!);
    const config = imageConfigJson(
      def.build,
      ls.map((l) => l.diffId),
    );
    const configBytes = new TextEncoder().encode(config);
    const manifestBytes = ociManifestBytes({
      config: {
        mediaType: MEDIA.ociConfig,
        digest: asDigest(`sha256:${sha256(configBytes)}`),
        size: configBytes.length,
      },
      layers: ls.map((l) => ({
        mediaType: MEDIA.ociLayerGzip,
        digest: asDigest(l.blobDigest),
        size: l.blobSize,
      })),
    });
    const manifestDigest = `sha256:${sha256(manifestBytes)}`;
    const layerHistory = def.build.history.filter((h) => !h.emptyLayer);
    if (layerHistory.length !== ls.length) throw new Error(`${def.repo}: history and layers disagree`);
    const image: CatalogImage = {
      manifest: new TextDecoder().decode(manifestBytes),
      config,
      layers: ls.map((l, i) => ({
        diffId: l.diffId,
        blobDigest: l.blobDigest,
        blobSize: l.blobSize,
        size: l.size,
        createdBy: layerHistory[i]!.createdBy,
      })),
    };
    index.images[manifestDigest] = image;
    const repo = (index.repositories[def.repo] ??= { description: def.description, tags: {} });
    for (const t of def.tags) repo.tags[t] = manifestDigest;
    for (const l of ls)
      index.layers[l.diffId] = {
        name: def.build.layers[ls.indexOf(l)]!.name,
        file: l.file,
        size: l.size,
        entries: l.entries,
      };
    summary.images.push({
      ref: `${def.repo}:${def.tags.join(',')}`,
      layers: def.build.layers.map((l, i) => ({
        name: l.name,
        size: ls[i]!.size,
        blobSize: ls[i]!.blobSize,
      })),
      size: ls.reduce((s, l) => s + l.size, 0),
    });
  }
  const sortedLayers = Object.fromEntries(
    Object.entries(index.layers).sort((a, b) => (a[1].name < b[1].name ? -1 : 1)),
  );
  index.layers = sortedLayers;
  const indexJson = JSON.stringify(index, null, 1) + '\n';
  writeFileSync(join(outDir, 'index.json'), indexJson);
  files.push({ file: 'index.json', bytes: Buffer.byteLength(indexJson) });
  return summary;
}
