// docker pull: resolve the reference, reuse layers whose ChainID is already here, download the rest
// (at most three at once, extraction one at a time, bottom first) and register the image.

import type { Core } from './core';
import { chainIdsOf } from './core';
import type { PullStatus } from './events';
import type { ChainId, DiffId, ImageId } from './ids';
import { asImageId, shortId } from './ids';
import { parseConfig } from './oci/config';
import type { Reference } from './reference';
import { familiarName, familiarTagged, parseReference, withDefaultTag } from './reference';
import type { ImageRec, LayerRec } from './state';
import { newCacheId } from './layers';
import { setTag } from './images';

export interface PullResult {
  imageId: ImageId;
  /** `sha256:` of the manifest, as `Digest:` prints it. */
  digest: string;
  /** `redis:latest` */
  tag: string;
  /** `docker.io/library/redis:latest` */
  fullRef: string;
  upToDate: boolean;
  cancelled: boolean;
  /** Whether the user typed no tag (then the CLI prints `Using default tag: latest`). */
  defaultTag: boolean;
  layers: { id: string; diffId: DiffId; exists: boolean }[];
}

/** Bytes per second for each speed; 'instant' keeps the same event order without waiting. */
const BANDWIDTH = { instant: 12_500_000, realistic: 12_500_000, 'classroom-slow': 1_500_000 } as const;
const EXTRACT_RATE = { instant: 60_000_000, realistic: 60_000_000, 'classroom-slow': 8_000_000 } as const;
const TICK_MS = 100;
const MAX_CONCURRENT = 3;

interface Job {
  id: string;
  index: number;
  diffId: DiffId;
  chainId: ChainId;
  blobSize: number;
  downloaded: number;
  extracted: number;
  phase: 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'done';
}

export async function pull(core: Core, text: string, signal?: AbortSignal): Promise<PullResult> {
  const parsed: Reference = parseReference(text);
  const defaultTag = !parsed.tag && !parsed.digest;
  const ref = withDefaultTag(parsed);
  const remote = await core.registry.resolve(ref);
  const { state } = core;
  const tx = core.tx();

  const imageId = asImageId(`sha256:${core.sha256Hex(remote.config)}`);
  const config = parseConfig(remote.config);
  const diffIds = config.rootfs.diff_ids as DiffId[];
  const chainIds = chainIdsOf(core.platform, diffIds);
  const tag = familiarTagged(ref);
  const fullRef = `${ref.domain}/${ref.path}${ref.tag ? `:${ref.tag}` : `@${ref.digest}`}`;
  const layersOut = remote.layers.map((l, i) => ({
    id: shortId(l.blobDigest),
    diffId: diffIds[i] as DiffId,
    exists: state.layers.has(chainIds[i] as ChainId),
  }));
  const result: PullResult = {
    imageId,
    digest: remote.manifestDigest,
    tag,
    fullRef,
    upToDate: false,
    cancelled: false,
    defaultTag,
    layers: layersOut,
  };

  const existing = state.images.get(imageId);
  if (existing && (!ref.tag || state.tags.get(tag) === imageId)) {
    result.upToDate = true;
    core.events.emit({ type: 'pull-done', ref: tag, imageId, upToDate: true });
    return result;
  }

  core.events.emit({
    type: 'pull-start',
    ref: tag,
    layers: remote.layers.map((l, i) => ({
      id: shortId(l.blobDigest),
      diffId: diffIds[i] as DiffId,
      size: l.size,
      blobSize: l.blobSize,
      exists: layersOut[i]?.exists ?? false,
    })),
  });
  const progress = (id: string, status: PullStatus, current?: number, total?: number) =>
    core.events.emit({ type: 'pull-progress', ref: tag, id, status, current, total });

  const jobs: Job[] = [];
  remote.layers.forEach((l, i) => {
    const id = shortId(l.blobDigest);
    if (layersOut[i]?.exists) progress(id, 'Already exists');
    else
      jobs.push({
        id,
        index: i,
        diffId: diffIds[i] as DiffId,
        chainId: chainIds[i] as ChainId,
        blobSize: l.blobSize,
        downloaded: 0,
        extracted: 0,
        phase: 'waiting',
      });
  });
  for (const j of jobs) progress(j.id, 'Pulling fs layer');
  jobs.forEach((j, k) => {
    if (k >= MAX_CONCURRENT) progress(j.id, 'Waiting');
  });

  const speed = core.settings.speed;
  const perTickDown = (BANDWIDTH[speed] * TICK_MS) / 1000;
  const perTickExtract = (EXTRACT_RATE[speed] * TICK_MS) / 1000;
  let cancelled = false;

  const register = async (j: Job) => {
    const layer = await core.registry.layer(j.diffId);
    const rec: LayerRec = {
      chainId: j.chainId,
      diffId: j.diffId,
      parent: j.index === 0 ? null : (chainIds[j.index - 1] as ChainId),
      layer,
      size: layer.size,
      cacheId: newCacheId(core),
      origin: 'catalog',
    };
    tx.set(state.layers, j.chainId, rec, 'layers');
    core.events.emit({
      type: 'layer-created',
      chainId: j.chainId,
      diffId: j.diffId,
      size: rec.size,
      origin: 'catalog',
    });
  };

  while (jobs.some((j) => j.phase !== 'done')) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    // Downloads: up to three at once, sharing the bandwidth.
    const active = jobs.filter((j) => j.phase === 'downloading');
    for (const j of jobs) {
      if (active.length >= MAX_CONCURRENT) break;
      if (j.phase === 'waiting') {
        j.phase = 'downloading';
        active.push(j);
      }
    }
    const share = active.length ? perTickDown / active.length : 0;
    for (const j of active) {
      j.downloaded = Math.min(j.blobSize, j.downloaded + share);
      progress(j.id, 'Downloading', Math.floor(j.downloaded), j.blobSize);
      if (j.downloaded >= j.blobSize) {
        j.phase = 'downloaded';
        progress(j.id, 'Verifying Checksum');
        progress(j.id, 'Download complete');
      }
    }
    // Extraction: one layer at a time, strictly bottom first.
    const next = jobs.find((j) => j.phase !== 'done');
    if (next && (next.phase === 'downloaded' || next.phase === 'extracting')) {
      next.phase = 'extracting';
      next.extracted = Math.min(next.blobSize, next.extracted + perTickExtract);
      progress(next.id, 'Extracting', Math.floor(next.extracted), next.blobSize);
      if (next.extracted >= next.blobSize) {
        await register(next);
        next.phase = 'done';
        progress(next.id, 'Pull complete');
      }
    }
    if (speed !== 'instant') await core.sleep(TICK_MS, signal);
  }

  if (cancelled) {
    result.cancelled = true;
    core.events.emit({
      type: 'pull-cancelled',
      ref: tag,
      kept: jobs.filter((j) => j.phase === 'done').length,
    });
    return result;
  }

  const now = core.platform.clock.now();
  const repoDigest = `${familiarName(ref)}@${remote.manifestDigest}`;
  if (existing) {
    tx.touch(existing, 'images', imageId, () => ({
      repoDigests: [...existing.repoDigests],
      lastTagTime: existing.lastTagTime,
    }));
    if (!existing.repoDigests.includes(repoDigest))
      existing.repoDigests = [...existing.repoDigests, repoDigest].sort();
    existing.lastTagTime = now;
  } else {
    const rec: ImageRec = {
      id: imageId,
      configBytes: remote.config,
      config,
      diffIds,
      parent: null,
      repoDigests: [repoDigest],
      origin: 'pull',
      lastTagTime: now,
      loadedAt: now,
    };
    tx.set(state.blobs, imageId, remote.config, 'blobs');
    tx.set(state.images, imageId, rec, 'images');
    core.events.emit({ type: 'image-created', imageId, origin: 'pull' });
  }
  // A pull by digest names no tag: the image is known by its repo digest only.
  if (ref.tag) setTag(core, tag, imageId);
  core.events.emit({ type: 'pull-done', ref: tag, imageId, upToDate: false });
  return result;
}
