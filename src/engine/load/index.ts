// `docker load`: an image archive read as a stream, judged whole, then registered in one go. Nothing
// is written to the host until every image, layer digest and tag of the archive has been checked.

import type { Core } from '../core';
import { DockerError } from '../errors';
import { Layer } from '../fs/layer';
import type { ChainId, DiffId } from '../ids';
import { asImageId } from '../ids';
import { newCacheId } from '../layers';
import type { TarInput } from '../oci/tar-read';
import { familiarTagged, parseReference } from '../reference';
import { setTag } from '../images';
import type { ImageRec, LayerRec } from '../state';
import { Budget, LOAD_LIMITS, LoadError, type Limits } from './limits';
import { planImages } from './plan';
import { readArchive } from './read-archive';

export { LOAD_LIMITS, LoadError } from './limits';

export interface LoadOptions {
  /** The archive's size in bytes when known (for progress). */
  size?: number | null;
  /** Smaller caps than LOAD_LIMITS (tests prove each cap without building gigabytes). */
  limits?: Partial<Limits>;
}

export interface LoadResult {
  /** `Loaded image: redis:latest` for each tag, or `Loaded image ID: sha256:…` for an untagged one. */
  loaded: string[];
  /** The layers this load added, bottom first per image: what `Loading layer` lines show. */
  layers: { diffId: DiffId; size: number }[];
}

const PROGRESS_STEP = 1024 * 1024;

export async function loadArchive(core: Core, source: TarInput, opts: LoadOptions = {}): Promise<LoadResult> {
  const tmp = `/var/lib/docker/tmp/docker-import-${String(core.platform.random.uint32()).padStart(10, '0')}`;
  const total = opts.size ?? null;
  let reported = -PROGRESS_STEP;
  const members = await readArchive(source, {
    sha256: () => core.platform.sha256(),
    budget: new Budget({ ...LOAD_LIMITS, ...opts.limits }),
    tmpDir: tmp,
    progress: (bytes) => {
      if (bytes - reported < PROGRESS_STEP && bytes !== total) return;
      reported = bytes;
      core.events.emit({ type: 'load-progress', bytes, total });
    },
  }).catch(rethrow);
  let plan;
  try {
    plan = planImages(members, tmp);
  } catch (e) {
    rethrow(e);
  }
  // Tags are judged before anything is registered.
  const tagged = plan.map((img) => img.tags.map((t) => familiarTagged(parseReference(t))));

  const tx = core.tx();
  const loaded: string[] = [];
  const added: LoadResult['layers'] = [];
  for (const [n, img] of plan.entries()) {
    const diffIds = img.config.rootfs.diff_ids;
    const chain = core.chainIdsOf(diffIds);
    for (let i = 0; i < diffIds.length; i++) {
      const chainId = chain[i] as ChainId;
      if (core.state.layers.has(chainId)) continue;
      const blob = img.layers[i]!;
      const layer = Layer.from(blob.entries!);
      const rec: LayerRec = {
        chainId,
        diffId: diffIds[i] as DiffId,
        parent: i ? (chain[i - 1] as ChainId) : null,
        layer,
        size: layer.size,
        cacheId: newCacheId(core),
        origin: 'load',
        ...(blob.split ? { tarSplit: blob.split } : {}),
      };
      tx.set(core.state.layers, chainId, rec, 'layers');
      added.push({ diffId: rec.diffId, size: blob.size });
      core.events.emit({
        type: 'layer-created',
        chainId,
        diffId: rec.diffId,
        size: rec.size,
        origin: 'load',
      });
    }
    const id = asImageId(`sha256:${core.sha256Hex(img.configBytes)}`);
    if (!core.state.images.has(id)) {
      const rec: ImageRec = {
        id,
        configBytes: img.configBytes,
        config: img.config,
        diffIds,
        parent: null,
        repoDigests: [],
        origin: 'load',
        lastTagTime: null,
        loadedAt: core.platform.clock.now(),
      };
      tx.set(core.state.blobs, id, img.configBytes, 'blobs');
      tx.set(core.state.images, id, rec, 'images');
      core.events.emit({ type: 'image-created', imageId: id, origin: 'load' });
    }
    const tags = tagged[n]!;
    for (const key of tags) {
      setTag(core, key, id);
      loaded.push(`Loaded image: ${key}`);
    }
    if (!tags.length) loaded.push(`Loaded image ID: ${id}`);
  }
  return { loaded, layers: added };
}

/** The daemon streams a load's error into its output, so the CLI prints it without its prefix. */
function rethrow(e: unknown): never {
  if (e instanceof LoadError) throw new DockerError(e.message, 'invalid', false);
  throw e;
}
