// Layers by ChainID: who uses them, which are free to delete, and the shared union of each image.

import type { Core } from './core';
import type { Layer } from './fs/layer';
import { Union } from './fs/union';
import type { ChainId, DiffId } from './ids';
import { randomHex } from './platform';
import type { ContainerRec, HostState, ImageRec } from './state';

export function newCacheId(core: Core): string {
  return randomHex(core.platform.random, 32);
}

/** The layer records of an image, bottom first. Throws if one is missing (an invariant broke). */
export function layersOf(core: Core, diffIds: readonly DiffId[]): Layer[] {
  return core.chainIdsOf(diffIds).map((c) => {
    const rec = core.state.layers.get(c);
    if (!rec) throw new Error(`layer ${c} is missing`);
    return rec.layer;
  });
}

const unions = new WeakMap<HostState, Map<string, Union>>();

/** One Union per layer stack, shared by every image and container on it (layers are immutable). */
export function unionOf(core: Core, diffIds: readonly DiffId[]): Union {
  let perHost = unions.get(core.state);
  if (!perHost) unions.set(core.state, (perHost = new Map()));
  const key = core.chainIdsOf(diffIds).at(-1) ?? 'empty';
  let u = perHost.get(key);
  if (!u) {
    u = new Union(layersOf(core, diffIds));
    perHost.set(key, u);
  }
  return u;
}

/** Forget cached unions whose layers are gone. */
export function dropUnion(core: Core, chainId: ChainId): void {
  unions.get(core.state)?.delete(chainId);
}

/** Every ChainID some image, container or build cache record still stands on. */
export function usedChainIds(
  core: Core,
  except?: { image?: ImageRec; container?: ContainerRec },
): Set<ChainId> {
  const used = new Set<ChainId>();
  for (const img of core.state.images.values()) {
    if (img === except?.image) continue;
    for (const c of core.chainIdsOf(img.diffIds)) used.add(c);
  }
  for (const rec of core.state.buildCache.values()) for (const c of core.chainIdsOf(rec.diffIds)) used.add(c);
  for (const ctr of core.state.containers.values()) {
    if (ctr === except?.container) continue;
    const img = core.state.images.get(ctr.imageId);
    const diffIds = img?.diffIds ?? ctr.diffIds;
    for (const c of core.chainIdsOf(diffIds)) used.add(c);
  }
  return used;
}

/** Removes the layers of `diffIds` that nothing else uses, top first; returns their ChainIDs. */
export function releaseLayers(core: Core, diffIds: readonly DiffId[], used: Set<ChainId>): ChainId[] {
  const removed: ChainId[] = [];
  const chain = core.chainIdsOf(diffIds);
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i] as ChainId;
    if (used.has(c)) break; // a lower layer of a used chain is used too
    if (!core.state.layers.has(c)) continue;
    core.tx().delete(core.state.layers, c, 'layers');
    dropUnion(core, c);
    core.events.emit({ type: 'layer-removed', chainId: c });
    removed.push(c);
  }
  return removed;
}
