// The host's records as the store keeps them, and back. Catalog layers are stored by reference (the
// catalog ships with the app); everything a user made is stored whole.

import type { Core } from './core';
import type { Entry } from './fs/entry';
import { Layer } from './fs/layer';
import { Upper } from './fs/upper';
import type { ChainId, ContainerId, DiffId, ImageId } from './ids';
import { parseConfig } from './oci/config';
import { initLayer } from './runtime/init-layer';
import { containerLower } from './containers';
import type { ContainerRec, ImageRec, LayerRec } from './state';
import type { StoreName } from './tx';

interface LayerRow {
  chainId: string;
  diffId: string;
  parent: string | null;
  size: number;
  cacheId: string;
  origin: LayerRec['origin'];
  entries?: [string, Entry][];
}

type ImageRow = Omit<ImageRec, 'configBytes' | 'config'>;

type ContainerRow = Omit<ContainerRec, 'init' | 'upper'> & { upper: [string, Entry][] };

/** The record a store keeps for (store, key), or undefined when it is gone. */
export function recordOf(core: Core, store: StoreName, key: string): unknown {
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
      if (rec.origin !== 'catalog') row.entries = [...rec.layer.entries];
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
      return key === 'settings' ? { ...core.settings } : undefined;
  }
}

/** Rebuilds the host from a store snapshot. Problems are returned, not thrown: what can be read is kept. */
export async function restore(core: Core, stores: Record<string, Map<string, unknown>>): Promise<string[]> {
  const problems: string[] = [];
  const { state } = core;
  for (const [k, v] of stores.blobs ?? []) if (v instanceof Uint8Array) state.blobs.set(k, v);
  const settings = stores.meta?.get('settings') as Partial<Core['settings']> | undefined;
  if (settings) Object.assign(core.settings, settings);

  const rows = [...(stores.layers ?? new Map()).values()] as LayerRow[];
  for (const row of rows) {
    try {
      const layer =
        row.origin === 'catalog'
          ? await core.registry.layer(row.diffId as DiffId)
          : Layer.from(row.entries ?? []);
      state.layers.set(row.chainId as ChainId, {
        chainId: row.chainId as ChainId,
        diffId: row.diffId as DiffId,
        parent: row.parent as ChainId | null,
        layer,
        size: layer.size,
        cacheId: row.cacheId,
        origin: row.origin,
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
      const config = parseConfig(bytes);
      state.images.set(row.id, { ...row, configBytes: bytes, config });
    } catch (e) {
      problems.push(`image ${row.id}: ${(e as Error).message}`);
    }
  }
  for (const [tag, id] of stores.tags ?? []) {
    if (state.images.has(id as ImageId)) state.tags.set(tag, id as ImageId);
    else problems.push(`tag ${tag}: its image is missing`);
  }
  for (const row of (stores.containers ?? new Map()).values() as Iterable<ContainerRow>) {
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
      problems.push(`container ${row.id}: ${(e as Error).message}`);
    }
  }
  return problems;
}
