// The host's records as the store keeps them, and back. Catalog layers are stored by reference (the
// catalog ships with the app); everything a user made is stored whole.

import type { Core } from './core';
import type { Entry } from './fs/entry';
import { Layer } from './fs/layer';
import { Upper } from './fs/upper';
import type { ChainId, ContainerId, DiffId, ImageId } from './ids';
import { parseConfig } from './oci/config';
import { initLayer } from './runtime/init-layer';
import { newHome } from './host-home';
import { containerLower } from './containers';
import type { BuildCacheRec, ContainerRec, ImageRec, LayerRec } from './state';
import type { StoreName } from './tx';
import type { Snapshot, TxOp } from './store/types';
import type { Tx } from './tx';
import type { TarSplit } from './oci/tar-split';
import { SCHEMA } from './store/schema';

interface LayerRow {
  chainId: string;
  diffId: string;
  parent: string | null;
  size: number;
  cacheId: string;
  origin: LayerRec['origin'];
  entries?: [string, Entry][];
  tarSplit?: TarSplit;
}

type ImageRow = Omit<ImageRec, 'configBytes' | 'config'>;

type ContainerRow = Omit<ContainerRec, 'init' | 'upper'> & { upper: [string, Entry][] };

/**
 * File contents of at least this size are kept in a layer row as a reference to their own record in
 * the `blobs` store (`layer-content/<chainId>/<n>`): a loaded 200 MB layer is not one huge record,
 * and IndexedDB keeps each big content as its own blob. Session files keep contents inline.
 */
export const SPLIT_CONTENT = 64 * 1024;
const CONTENT_PREFIX = 'layer-content/';
/** The meta record holding every build cache record (they are small: keys, diffIDs, times). */
export const BUILD_CACHE_KEY = 'build-cache';

interface StoredContent {
  kind: 'stored';
  key: string;
  size: number;
}

/** The big file contents of a layer with the keys they are stored under, in walk order. */
function bigContents(rec: LayerRec): { path: string; key: string; bytes: Uint8Array }[] {
  const out: { path: string; key: string; bytes: Uint8Array }[] = [];
  if (rec.origin === 'catalog') return out;
  for (const [path, e] of rec.layer.entries)
    if (e.type === 'file' && e.content.kind === 'bytes' && e.content.bytes.length >= SPLIT_CONTENT)
      out.push({ path, key: `${CONTENT_PREFIX}${rec.chainId}/${out.length}`, bytes: e.content.bytes });
  return out;
}

/** The store writes of one command: each dirty record, and the content records of layers. */
export function opsOf(core: Core, tx: Tx): TxOp[] {
  const ops: TxOp[] = [];
  for (const { store, key } of tx.dirty.values()) {
    if (store === 'layers') {
      const rec = core.state.layers.get(key as ChainId);
      const old = tx.removed.get(`layers\u0000${key}`) as LayerRec | undefined;
      if (!rec && old)
        for (const c of bigContents(old)) ops.push({ store: 'blobs', key: c.key, delete: true });
      if (rec) {
        const big = bigContents(rec);
        for (const c of big) ops.push({ store: 'blobs', key: c.key, value: c.bytes });
        const row = recordOf(core, store, key, big) as LayerRow;
        ops.push({ store, key, value: row });
        continue;
      }
    }
    const value = recordOf(core, store, key);
    ops.push(value === undefined ? { store, key, delete: true } : { store, key, value });
  }
  return ops;
}

/** The record a store keeps for (store, key), or undefined when it is gone. */
export function recordOf(
  core: Core,
  store: StoreName,
  key: string,
  split: readonly { path: string; key: string; bytes: Uint8Array }[] = [],
): unknown {
  const { state } = core;
  switch (store) {
    case 'blobs':
      return state.blobs.get(key);
    case 'tags':
      return state.tags.get(key);
    case 'layers': {
      const rec = state.layers.get(key as ChainId);
      if (!rec) return undefined;
      const row: LayerRow = {
        chainId: rec.chainId,
        diffId: rec.diffId,
        parent: rec.parent,
        size: rec.size,
        cacheId: rec.cacheId,
        origin: rec.origin,
      };
      if (rec.tarSplit) row.tarSplit = rec.tarSplit;
      if (rec.origin !== 'catalog') {
        const stored = new Map(split.map((c) => [c.path, c]));
        row.entries = [...rec.layer.entries].map(([p, e]): [string, Entry] => {
          const c = stored.get(p);
          if (!c || e.type !== 'file') return [p, e];
          const content: StoredContent = { kind: 'stored', key: c.key, size: c.bytes.length };
          return [p, { ...e, content: content as unknown as typeof e.content }];
        });
      }
      return row;
    }
    case 'images': {
      const rec = state.images.get(key as ImageId);
      if (!rec) return undefined;
      const { configBytes: _b, config: _c, ...row } = rec;
      return { ...row, repoDigests: [...row.repoDigests] } satisfies ImageRow;
    }
    case 'containers': {
      const rec = state.containers.get(key as ContainerId);
      if (!rec) return undefined;
      const { init: _i, upper, ...row } = rec;
      return structuredClone({ ...row, upper: [...upper.entries] }) satisfies ContainerRow;
    }
    case 'meta':
      if (key === 'settings') return { ...core.settings };
      if (key === 'home') return { entries: structuredClone([...state.home.entries]) };
      if (key === BUILD_CACHE_KEY) return { records: [...state.buildCache.values()].map((r) => ({ ...r })) };
      return undefined;
  }
}

/** Rebuilds the host from a store snapshot. Problems are returned, not thrown: what can be read is kept. */
export async function restore(core: Core, stores: Record<string, Map<string, unknown>>): Promise<string[]> {
  const problems: string[] = [];
  const { state } = core;
  for (const [k, v] of stores.blobs ?? [])
    if (v instanceof Uint8Array && !k.startsWith(CONTENT_PREFIX)) state.blobs.set(k, v);
  const settings = stores.meta?.get('settings') as Partial<Core['settings']> | undefined;
  if (settings) Object.assign(core.settings, settings);
  const home = stores.meta?.get('home') as { entries?: [string, Entry][] } | undefined;
  if (home?.entries) {
    try {
      state.home = newHome(home.entries);
    } catch (e) {
      problems.push(`home directory: ${(e as Error).message}`);
    }
  }

  const rows = [...(stores.layers ?? new Map()).values()] as LayerRow[];
  for (const row of rows) {
    try {
      const layer =
        row.origin === 'catalog'
          ? await core.registry.layer(row.diffId as DiffId)
          : Layer.from((row.entries ?? []).map(([p, e]) => [p, withContent(e, stores.blobs)]));
      state.layers.set(row.chainId as ChainId, {
        chainId: row.chainId as ChainId,
        diffId: row.diffId as DiffId,
        parent: row.parent as ChainId | null,
        layer,
        size: layer.size,
        cacheId: row.cacheId,
        origin: row.origin,
        ...(row.tarSplit ? { tarSplit: row.tarSplit } : {}),
      });
    } catch (e) {
      problems.push(`layer ${row.chainId}: ${(e as Error).message}`);
    }
  }
  for (const row of (stores.images ?? new Map()).values() as Iterable<ImageRow>) {
    const bytes = state.blobs.get(row.id);
    if (!bytes) {
      problems.push(`image ${row.id}: its config is missing`);
      continue;
    }
    try {
      // An image whose layers could not all be read is left out too: the host never holds half an image.
      const missing = core.chainIdsOf(row.diffIds).find((c) => !state.layers.has(c));
      if (missing) throw new Error(`its layer ${missing} is missing`);
      const config = parseConfig(bytes);
      state.images.set(row.id, { ...row, configBytes: bytes, config });
    } catch (e) {
      // Its config blob goes with it: no blob is kept that belongs to no image.
      state.blobs.delete(row.id);
      problems.push(`image ${row.id}: ${(e as Error).message}`);
    }
  }
  for (const [tag, id] of stores.tags ?? []) {
    if (state.images.has(id as ImageId)) state.tags.set(tag, id as ImageId);
    else problems.push(`tag ${tag}: its image is missing`);
  }
  const cache = stores.meta?.get(BUILD_CACHE_KEY) as { records?: BuildCacheRec[] } | undefined;
  for (const rec of cache?.records ?? []) {
    // A record whose layers could not be read is dropped: the next build simply runs that step again.
    if (typeof rec?.key !== 'string' || !Array.isArray(rec.diffIds)) continue;
    if (core.chainIdsOf(rec.diffIds).every((c) => state.layers.has(c))) state.buildCache.set(rec.key, rec);
  }
  for (const [key, row] of (stores.containers ?? new Map()) as Map<string, ContainerRow>) {
    try {
      const init = initLayer({
        hostname: row.config.Hostname,
        ipAddress: row.ipAddress,
        mtime: Math.floor(row.created / 1000),
      });
      const lower = containerLower(core, row.diffIds, init);
      const upper = Upper.fromEntries(lower, row.upper);
      const rec: ContainerRec = { ...row, init, upper };
      state.containers.set(rec.id, rec);
      state.lastPid = Math.max(state.lastPid, rec.state.pid);
    } catch (e) {
      problems.push(`container ${key}: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** An entry whose content was stored as its own record, with the content put back. */
function withContent(e: Entry, blobs: Map<string, unknown> | undefined): Entry {
  if (e.type !== 'file') return e;
  const c = e.content as unknown as { kind: string; key?: string };
  if (c.kind !== 'stored' || typeof c.key !== 'string') return e;
  const key = c.key;
  const bytes = blobs?.get(key);
  if (!(bytes instanceof Uint8Array)) throw new Error(`the content of a file is missing (${key})`);
  return { ...e, content: { kind: 'bytes', bytes } };
}

/** Every record the host would store, as one snapshot (what a session file holds). */
export function snapshotOf(core: Core): Snapshot {
  const { state } = core;
  const keys: Record<StoreName, string[]> = {
    blobs: [...state.blobs.keys()],
    layers: [...state.layers.keys()],
    images: [...state.images.keys()],
    tags: [...state.tags.keys()],
    containers: [...state.containers.keys()],
    meta: ['settings', 'home', BUILD_CACHE_KEY],
  };
  const stores: Record<string, Map<string, unknown>> = {};
  for (const [store, list] of Object.entries(keys) as [StoreName, string[]][]) {
    const m = new Map<string, unknown>();
    for (const k of list) {
      const v = recordOf(core, store, k);
      if (v !== undefined) m.set(k, v);
    }
    stores[store] = m;
  }
  return { schema: SCHEMA.version, stores };
}
