// Image archives made by hand for the load tests: the three layouts docker load meets (Docker 25+,
// legacy docker-archive, OCI image layout), and raw members for the hostile ones.

import { createHash } from 'node:crypto';
import { gzipSync } from 'fflate';
import type { Entry } from '../../src/engine/fs/entry';
import { tarBytes } from '../../src/engine/oci/tar';
import type { Engine } from '../../src/engine/engine';
import { MemoryStore } from '../../src/engine/store/memory';
import type { Store, TxOp } from '../../src/engine/store/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { concatAll, rawHeader, type RawHeader } from '../oci/helpers';
import { unionOf as unionOfLayers } from '../../src/engine/layers';

export const enc = new TextEncoder();
export const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const M = { mode: 0o644, uid: 0, gid: 0, mtime: 1_700_000_000 };
export const f = (text: string, mode = 0o644): Entry => ({
  type: 'file',
  ...M,
  mode,
  content: { kind: 'bytes', bytes: enc.encode(text) },
});
export const d = (): Entry => ({ type: 'dir', ...M, mode: 0o755 });
export const wh = (): Entry => ({ type: 'whiteout', ...M });

/** A layer tar from [path, entry] pairs, written by Layer Lab's deterministic writer. */
export const layerTar = (entries: [string, Entry][]) => tarBytes(new Map(entries));

export function config(diffIds: string[], extra: Record<string, unknown> = {}): Uint8Array {
  return enc.encode(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2026-01-01T00:00:00Z',
      config: { Cmd: ['/bin/sh'], Env: ['PATH=/bin'] },
      history: diffIds.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `step ${i}` })),
      rootfs: { type: 'layers', diff_ids: diffIds },
      ...extra,
    }),
  );
}

/** A member of an archive: a file (bytes), a directory, or a raw header (links, devices, tricks). */
export type Member =
  | { name: string; bytes: Uint8Array }
  | { name: string; dir: true }
  | { name: string; raw: RawHeader; bytes?: Uint8Array };

/** A tar of members in the given order (duplicates and odd names allowed: the point of hostile tests). */
export function tarOf(members: readonly Member[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of members) {
    const body = 'bytes' in m && m.bytes ? m.bytes : new Uint8Array(0);
    if ('raw' in m) parts.push(rawHeader({ size: body.length, ...m.raw, name: m.raw.name || m.name }));
    else if ('dir' in m) parts.push(rawHeader({ name: `${m.name}/`, typeflag: '5', mode: 0o755 }));
    else parts.push(rawHeader({ name: m.name, size: body.length }));
    const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
    padded.set(body);
    parts.push(padded);
  }
  parts.push(new Uint8Array(1024));
  return concatAll(parts);
}

/** Docker 25+ layout members for one image (blobs/sha256 + manifest.json; index.json too). */
export function modernImage(layers: Uint8Array[], tag: string | null, cfgExtra = {}): Member[] {
  const diffIds = layers.map((l) => `sha256:${sha(l)}`);
  const cfg = config(diffIds, cfgExtra);
  const manifest = [
    {
      Config: `blobs/sha256/${sha(cfg)}`,
      RepoTags: tag ? [tag] : null,
      Layers: diffIds.map((x) => `blobs/sha256/${x.slice(7)}`),
    },
  ];
  return [
    { name: 'blobs', dir: true },
    { name: 'blobs/sha256', dir: true },
    ...layers.map((l) => ({ name: `blobs/sha256/${sha(l)}`, bytes: l })),
    { name: `blobs/sha256/${sha(cfg)}`, bytes: cfg },
    { name: 'manifest.json', bytes: enc.encode(JSON.stringify(manifest)) },
  ];
}

/** The legacy docker-archive: `<id>/layer.tar`, `<config>.json`, manifest.json (repeats as symlinks). */
export function legacyImage(layers: Uint8Array[], tag: string): Member[] {
  const diffIds = layers.map((l) => `sha256:${sha(l)}`);
  const cfg = config(diffIds);
  const members: Member[] = [];
  const dirs: string[] = [];
  layers.forEach((l, i) => {
    const id = sha(`v1-${i}-${sha(l)}`);
    dirs.push(id);
    members.push({ name: id, dir: true });
    const first = layers.findIndex((x) => sha(x) === sha(l));
    if (first < i)
      members.push({
        name: `${id}/layer.tar`,
        raw: { name: `${id}/layer.tar`, typeflag: '2', linkname: `../${dirs[first]}/layer.tar` },
      });
    else members.push({ name: `${id}/layer.tar`, bytes: l });
    members.push({ name: `${id}/VERSION`, bytes: enc.encode('1.0') });
  });
  members.push({ name: `${sha(cfg)}.json`, bytes: cfg });
  members.push({
    name: 'manifest.json',
    bytes: enc.encode(
      JSON.stringify([
        { Config: `${sha(cfg)}.json`, RepoTags: [tag], Layers: dirs.map((x) => `${x}/layer.tar`) },
      ]),
    ),
  });
  return members;
}

/**
 * An OCI image layout (no manifest.json) with gzip-compressed layers; `blobs` replaces the compressed
 * bytes (a damaged gzip) while the config keeps the layers' diffIDs.
 */
export function ociImage(
  layers: Uint8Array[],
  name: string | null,
  refName = 'latest',
  blobs?: Uint8Array[],
): Member[] {
  const diffIds = layers.map((l) => `sha256:${sha(l)}`);
  const gz = blobs ?? layers.map((l) => gzipSync(l, { level: 6, mtime: 0 }));
  const cfg = config(diffIds);
  const manifest = enc.encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${sha(cfg)}`,
        size: cfg.length,
      },
      layers: gz.map((g) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: `sha256:${sha(g)}`,
        size: g.length,
      })),
    }),
  );
  const annotations: Record<string, string> = { 'org.opencontainers.image.ref.name': refName };
  if (name) annotations['io.containerd.image.name'] = name;
  const index = enc.encode(
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${sha(manifest)}`,
          size: manifest.length,
          annotations,
        },
      ],
    }),
  );
  return [
    { name: 'blobs', dir: true },
    { name: 'blobs/sha256', dir: true },
    ...gz.map((g) => ({ name: `blobs/sha256/${sha(g)}`, bytes: g })),
    { name: `blobs/sha256/${sha(cfg)}`, bytes: cfg },
    { name: `blobs/sha256/${sha(manifest)}`, bytes: manifest },
    { name: 'index.json', bytes: index },
    { name: 'oci-layout', bytes: enc.encode('{"imageLayoutVersion":"1.0.0"}') },
  ];
}

/** A store that counts its transactions: a refused load must not write at all. */
export class CountingStore extends MemoryStore implements Store {
  applied = 0;
  override async apply(ops: readonly TxOp[]): Promise<void> {
    this.applied += 1;
    return super.apply(ops);
  }
}

export async function host(): Promise<{ engine: Engine; store: CountingStore }> {
  const store = new CountingStore();
  const { engine } = await openHost({ seed: 7, time: GOLDEN_TIME, store });
  return { engine, store };
}

/** The merged file tree of an image, as path → description, for comparing what a load produced. */
export function unionOf(engine: Engine, ref: string): Map<string, string> {
  const img = engine.image(ref);
  const out = new Map<string, string>();
  for (const [p, e] of unionOfLayers(engine, img.diffIds).tree()) {
    out.set(
      p,
      e.type === 'file'
        ? `file ${e.mode.toString(8)} ${new TextDecoder().decode(e.content.kind === 'bytes' ? e.content.bytes : new Uint8Array())}`
        : e.type === 'symlink'
          ? `symlink ${e.target}`
          : e.type,
    );
  }
  return out;
}

/** Splits bytes at pseudo-random points (seeded), as a slow network or a small read buffer would. */
export function* ragged(bytes: Uint8Array, seed = 1): Generator<Uint8Array> {
  let x = seed;
  let at = 0;
  while (at < bytes.length) {
    x = (x * 1103515245 + 12345) >>> 0;
    const n = 1 + (x % 1500);
    yield bytes.subarray(at, Math.min(bytes.length, at + n));
    at += n;
  }
}
