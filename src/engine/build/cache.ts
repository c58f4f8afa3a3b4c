// The build cache: one record per step result, found again by a key over the parent record's key and
// everything the step's result depends on (the instruction, its environment, the content it copies).
// A record holds its layer stack alive, as BuildKit's cache holds its snapshots, until
// `docker builder prune` lets go of it.

import type { Core } from '../core';
import type { DiffId } from '../ids';
import { releaseLayers, usedChainIds } from '../layers';
import { BUILD_CACHE_KEY } from '../persist';
import type { BuildCacheRec } from '../state';

/** The key of a step: its parent's key and the parts its result depends on, hashed. */
export function cacheKey(core: Core, parent: string | null, parts: readonly string[]): string {
  return core.sha256Hex(JSON.stringify([parent, ...parts]));
}

/** The record for `key` if its layers are all still here (a pruned layer means running again). */
export function cacheHit(core: Core, key: string): BuildCacheRec | undefined {
  const rec = core.state.buildCache.get(key);
  if (!rec) return undefined;
  return core.chainIdsOf(rec.diffIds).every((c) => core.state.layers.has(c)) ? rec : undefined;
}

/** Stores a step's result under its key; a result it replaces (`--no-cache`) lets go of its layers. */
export function remember(core: Core, rec: BuildCacheRec): void {
  const { state } = core;
  const old = state.buildCache.get(rec.key);
  core.tx().set(state.buildCache, rec.key, rec, 'meta', BUILD_CACHE_KEY);
  if (old && old.diffIds.join() !== rec.diffIds.join()) releaseLayers(core, old.diffIds, usedChainIds(core));
}

export interface PrunedCache {
  /** The records removed, oldest first. */
  removed: BuildCacheRec[];
  /** Bytes of the records' own layers. */
  reclaimed: number;
}

/** The records no image stands on: results of old or failed builds. */
function dangling(core: Core): BuildCacheRec[] {
  const inImages = new Set<string>();
  for (const img of core.state.images.values()) for (const c of core.chainIdsOf(img.diffIds)) inImages.add(c);
  return [...core.state.buildCache.values()].filter((r) => {
    const top = core.chainIdsOf(r.diffIds).at(-1);
    return top === undefined || !inImages.has(top);
  });
}

/**
 * `docker builder prune`: removes the dangling records (every record with `all`), then the layers
 * nothing uses any more. Returns what went, in the order records were made.
 */
export function pruneBuildCache(core: Core, all: boolean): PrunedCache {
  const { state } = core;
  const victims = (all ? [...state.buildCache.values()] : dangling(core)).sort(
    (a, b) => a.created - b.created,
  );
  const stacks: (readonly DiffId[])[] = [];
  for (const rec of victims) {
    core.tx().delete(state.buildCache, rec.key, 'meta', BUILD_CACHE_KEY);
    stacks.push(rec.diffIds);
  }
  for (const diffIds of stacks) releaseLayers(core, diffIds, usedChainIds(core));
  return { removed: victims, reclaimed: victims.reduce((n, r) => n + r.size, 0) };
}

/**
 * What `docker system df` reports for the build cache: the records, and the bytes of the records no
 * image shares (a record whose layer is an image's is counted with the images). Nothing is in use
 * between builds, so all of that is reclaimable.
 */
export function buildCacheUsage(core: Core): { total: number; size: number; reclaimable: number } {
  const own = dangling(core).reduce((sum, r) => sum + r.size, 0);
  return { total: core.state.buildCache.size, size: own, reclaimable: own };
}

/** Whether an image stands on the record's result (BuildKit's `Shared`). */
export function isShared(core: Core, rec: BuildCacheRec): boolean {
  return !dangling(core).includes(rec);
}
