// docker system df: what the images, containers, volumes and build cache take, and what could go.

import type { Core } from './core';
import type { ChainId } from './ids';
import { imageSize } from './images';
import { buildCacheUsage } from './build/cache';

export interface DfRow {
  type: 'Images' | 'Containers' | 'Local Volumes' | 'Build Cache';
  total: number;
  active: number;
  size: number;
  reclaimable: number;
}

export interface DfImage {
  id: string;
  tags: string[];
  created: string;
  size: number;
  sharedSize: number;
  uniqueSize: number;
  containers: number;
}

export interface DfContainer {
  id: string;
  name: string;
  image: string;
  command: string;
  localVolumes: number;
  size: number;
  created: number;
  status: string;
}

export function systemDf(core: Core): { rows: DfRow[]; images: DfImage[]; containers: DfContainer[] } {
  const { state } = core;
  const users = new Map<ChainId, number>();
  for (const img of state.images.values())
    for (const c of core.chainIdsOf(img.diffIds)) users.set(c, (users.get(c) ?? 0) + 1);
  const activeImages = new Set([...state.containers.values()].map((c) => c.imageId));
  const activeLayers = new Set<ChainId>();
  for (const id of activeImages) {
    const img = state.images.get(id);
    if (img) for (const c of core.chainIdsOf(img.diffIds)) activeLayers.add(c);
  }
  let total = 0;
  let reclaimable = 0;
  for (const [c, rec] of state.layers) {
    total += rec.size;
    if (!activeLayers.has(c)) reclaimable += rec.size;
  }
  const images: DfImage[] = [...state.images.values()].map((img) => {
    let shared = 0;
    for (const c of core.chainIdsOf(img.diffIds))
      if ((users.get(c) ?? 0) > 1) shared += state.layers.get(c)?.size ?? 0;
    const size = imageSize(core, img);
    return {
      id: img.id,
      tags: state.tagsOf(img.id),
      created: img.config.created,
      size,
      sharedSize: shared,
      uniqueSize: size - shared,
      containers: state.containersOf(img.id).length,
    };
  });
  const containers: DfContainer[] = [...state.containers.values()].map((c) => ({
    id: c.id,
    name: c.name,
    image: c.imageRef,
    command: [c.path, ...c.args].join(' '),
    localVolumes: 0,
    size: c.upper.size,
    created: c.created,
    status: c.state.status,
  }));
  const running = [...state.containers.values()].filter(
    (c) => c.state.status === 'running' || c.state.status === 'paused',
  );
  const ctrSize = containers.reduce((n, c) => n + c.size, 0);
  const ctrReclaim = [...state.containers.values()]
    .filter((c) => !running.includes(c))
    .reduce((n, c) => n + c.upper.size, 0);
  const cache = buildCacheUsage(core);
  return {
    rows: [
      { type: 'Images', total: state.images.size, active: activeImages.size, size: total, reclaimable },
      {
        type: 'Containers',
        total: state.containers.size,
        active: running.length,
        size: ctrSize,
        reclaimable: ctrReclaim,
      },
      { type: 'Local Volumes', total: 0, active: 0, size: 0, reclaimable: 0 },
      {
        type: 'Build Cache',
        total: cache.total,
        active: 0,
        size: cache.size,
        reclaimable: cache.reclaimable,
      },
    ],
    images,
    containers,
  };
}
