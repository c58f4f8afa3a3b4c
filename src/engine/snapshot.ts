// Snapshots of the whole host, kept in memory: the sandbox's undo and reset, the presenter's step
// back. A snapshot is cheap because almost everything a host holds is immutable and shared: layers
// (and their entries), blobs, an upper's entries. What is copied is only what commands change in
// place: image and container records, the maps that list them, the uppers' path maps.
// Putting a snapshot back is one command: the same transaction (tx.ts) that rolls a refused command
// back in memory writes the difference to the store, record by record, as persist.ts maps them.

import type { Core } from './core';
import { newHome } from './host-home';
import type { ChainId, ContainerId, ImageId } from './ids';
import type { Upper } from './fs/upper';
import type { BuildCacheRec, ContainerRec, ImageRec, LayerRec } from './state';
import { BUILD_CACHE_KEY } from './persist';

/** The host's records at one moment. Never mutated: restoring copies what commands change in place. */
export interface HostSnapshot {
  readonly layers: ReadonlyMap<ChainId, LayerRec>;
  readonly images: ReadonlyMap<ImageId, ImageRec>;
  readonly tags: ReadonlyMap<string, ImageId>;
  readonly containers: ReadonlyMap<ContainerId, ContainerRec>;
  readonly blobs: ReadonlyMap<string, Uint8Array>;
  readonly buildCache: ReadonlyMap<string, BuildCacheRec>;
  readonly lastPid: number;
  readonly home: Upper;
}

function copyImage(rec: ImageRec): ImageRec {
  return { ...rec, repoDigests: [...rec.repoDigests] };
}

function copyContainer(rec: ContainerRec): ContainerRec {
  return {
    ...rec,
    boundPorts: rec.boundPorts.map((p) => ({ ...p })),
    upper: rec.upper.clone(),
    state: { ...rec.state },
    // Log lines are never changed once written: the array is copied, the lines shared.
    logs: [...rec.logs],
    execs: rec.execs.map((e) => ({ pid: e.pid, argv: [...e.argv] })),
    nginxSite: rec.nginxSite && { root: rec.nginxSite.root, index: [...rec.nginxSite.index] },
    redisData: rec.redisData && { ...rec.redisData },
  };
}

function mapOf<K, V>(from: ReadonlyMap<K, V>, copy?: (v: V) => V): Map<K, V> {
  const out = new Map<K, V>();
  for (const [k, v] of from) out.set(k, copy ? copy(v) : v);
  return out;
}

/** The host as it is now (no command needs to be under way: nothing is changed). */
export function takeSnapshot(core: Core): HostSnapshot {
  const s = core.state;
  return {
    layers: mapOf(s.layers),
    images: mapOf(s.images, copyImage),
    tags: mapOf(s.tags),
    containers: mapOf(s.containers, copyContainer),
    blobs: mapOf(s.blobs),
    buildCache: mapOf(s.buildCache),
    lastPid: s.lastPid,
    home: s.home.clone(),
  };
}

/** An empty host: what a reset goes back to. */
export function emptySnapshot(): HostSnapshot {
  return {
    layers: new Map(),
    images: new Map(),
    tags: new Map(),
    containers: new Map(),
    blobs: new Map(),
    buildCache: new Map(),
    lastPid: 0,
    home: newHome(),
  };
}

function replaceMap<K, V>(target: Map<K, V>, from: ReadonlyMap<K, V>, copy?: (v: V) => V): void {
  target.clear();
  for (const [k, v] of from) target.set(k, copy ? copy(v) : v);
}

/**
 * Replaces the host's records with the snapshot's, inside the command under way: if the command
 * fails (or the store refuses the write) the transaction puts the host back exactly as it was. Only
 * records that may differ are written: a layer or blob the snapshot shares by identity stays put.
 */
export function putBack(core: Core, snap: HostSnapshot): void {
  const tx = core.tx();
  const s = core.state;
  const was = {
    layers: new Map(s.layers),
    images: new Map(s.images),
    tags: new Map(s.tags),
    containers: new Map(s.containers),
    blobs: new Map(s.blobs),
    buildCache: new Map(s.buildCache),
    lastPid: s.lastPid,
    home: s.home,
  };
  tx.onUndo(() => {
    replaceMap(s.layers, was.layers);
    replaceMap(s.images, was.images);
    replaceMap(s.tags, was.tags);
    replaceMap(s.containers, was.containers);
    replaceMap(s.blobs, was.blobs);
    replaceMap(s.buildCache, was.buildCache);
    s.lastPid = was.lastPid;
    s.home = was.home;
  });

  const markChanged = <V>(
    store: 'layers' | 'images' | 'tags' | 'containers' | 'blobs',
    before: ReadonlyMap<string, V>,
    after: ReadonlyMap<string, V>,
    same: (a: V, b: V) => boolean,
  ) => {
    for (const [k, v] of before) {
      const next = after.get(k);
      if (next === undefined) tx.remember(store, k, v);
      if (next === undefined || !same(v, next)) tx.mark(store, k);
    }
    for (const k of after.keys()) if (!before.has(k)) tx.mark(store, k);
  };
  const identical = <V>(a: V, b: V) => a === b;
  const never = () => false;
  markChanged('layers', was.layers, snap.layers, identical);
  markChanged('blobs', was.blobs, snap.blobs, identical);
  markChanged('tags', was.tags, snap.tags, identical);
  // Image and container records change in place, so they are always written again.
  markChanged('images', was.images, snap.images, never);
  markChanged('containers', was.containers, snap.containers, never);
  tx.mark('meta', 'home');
  tx.mark('meta', BUILD_CACHE_KEY);

  // The snapshot stays untouched (it can be restored again): what commands change in place is copied.
  replaceMap(s.layers, snap.layers);
  replaceMap(s.images, snap.images, copyImage);
  replaceMap(s.tags, snap.tags);
  replaceMap(s.containers, snap.containers, copyContainer);
  replaceMap(s.blobs, snap.blobs);
  replaceMap(s.buildCache, snap.buildCache);
  s.lastPid = snap.lastPid;
  s.home = snap.home.clone();
  core.events.emit({ type: 'restored' });
}
