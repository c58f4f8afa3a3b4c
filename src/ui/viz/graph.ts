// The layer graph: every local image as a stack of layers, layers shared by ChainID drawn once, the
// containers hanging off their images, and what is unique or shared (the picture of `docker system df`).

import type { Engine } from '../../engine/engine';
import type { ContainerStatus } from '../../engine/state';
import { imageName, shortId } from './model';

export interface GraphLayer {
  readonly chainId: string;
  readonly diffId: string;
  /** The ChainID below, or null for a bottom layer. */
  readonly parent: string | null;
  /** 1-based position in every stack it is part of (a ChainID fixes its depth). */
  readonly depth: number;
  readonly size: number;
  /** Images standing on this layer, by id. */
  readonly images: readonly string[];
}

export interface GraphContainer {
  readonly id: string;
  readonly name: string;
  readonly status: ContainerStatus;
  /** Bytes in its writable layer. */
  readonly size: number;
}

export interface GraphImage {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  /** The ChainID of its top layer, null for an image with no layers. */
  readonly top: string | null;
  readonly layers: number;
  readonly size: number;
  /** Bytes in layers no other image uses. */
  readonly uniqueSize: number;
  /** Bytes in layers some other image uses too. */
  readonly sharedSize: number;
  readonly containers: readonly GraphContainer[];
}

export interface GraphModel {
  /** Each ChainID once, parents before children. */
  readonly layers: readonly GraphLayer[];
  readonly images: readonly GraphImage[];
  /** Sum of every layer once: what the disk really holds for images. */
  readonly diskSize: number;
  /** Sum of every image's size: what it would take if nothing were shared. */
  readonly naiveSize: number;
}

export function graphModel(engine: Engine): GraphModel {
  const { state } = engine;
  const layers = new Map<
    string,
    { diffId: string; parent: string | null; depth: number; images: string[] }
  >();
  const images = [...state.images.values()].sort((a, b) => a.loadedAt - b.loadedAt || (a.id < b.id ? -1 : 1));
  for (const img of images) {
    const chain = engine.chainIdsOf(img.diffIds);
    chain.forEach((c, i) => {
      let l = layers.get(c);
      if (!l) {
        l = {
          diffId: img.diffIds[i] as string,
          parent: i ? (chain[i - 1] as string) : null,
          depth: i + 1,
          images: [],
        };
        layers.set(c, l);
      }
      l.images.push(img.id);
    });
  }
  const sizeOf = (c: string) => state.layers.get(c as never)?.size ?? 0;
  let diskSize = 0;
  for (const c of layers.keys()) diskSize += sizeOf(c);
  let naiveSize = 0;
  const out: GraphImage[] = images.map((img) => {
    const chain = engine.chainIdsOf(img.diffIds);
    let size = 0;
    let shared = 0;
    for (const c of chain) {
      size += sizeOf(c);
      if ((layers.get(c)?.images.length ?? 0) > 1) shared += sizeOf(c);
    }
    naiveSize += size;
    const containers = state
      .containersOf(img.id)
      .sort((a, b) => a.created - b.created)
      .map((c) => ({ id: c.id, name: c.name, status: c.state.status, size: c.upper.size }));
    return {
      id: img.id,
      name: imageName(engine, img),
      tags: state.tagsOf(img.id),
      top: chain.at(-1) ?? null,
      layers: chain.length,
      size,
      uniqueSize: size - shared,
      sharedSize: shared,
      containers,
    };
  });
  const ordered = [...layers.entries()]
    .sort(([, a], [, b]) => a.depth - b.depth)
    .map(([chainId, l]) => ({ chainId, ...l, size: sizeOf(chainId) }));
  return { layers: ordered, images: out, diskSize, naiveSize };
}

export { shortId };
