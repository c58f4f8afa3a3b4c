// docker save, docker load and docker export. A save is what Docker 25+ writes: both an OCI image
// layout and a docker-archive (manifest.json, repositories), with every layer stored uncompressed
// under its diffID. A load verifies every layer's diffID before anything is registered.

import type { Core } from './core';
import { DockerError } from './errors';
import type { Entry } from './fs/entry';
import type { Layer } from './fs/layer';
import { Union } from './fs/union';
import type { ChainId, DiffId, ImageId } from './ids';
import { asDigest, asImageId } from './ids';
import { findContainer } from './containers';
import { findImage } from './images';
import { layersOf, newCacheId } from './layers';
import { layerFromTar } from './oci/apply';
import { parseConfig } from './oci/config';
import { MEDIA, OCI_LAYOUT, ociIndexBytes, ociManifestBytes, saveManifestBytes } from './oci/manifest';
import type { Descriptor, SaveManifestItem } from './oci/manifest';
import { readTarEntries, tarBytes, tarChunks } from './oci/tar';
import { setTag } from './images';
import { familiarTagged, parseReference } from './reference';
import { upperLayer } from './diff';
import type { ImageRec, LayerRec } from './state';

const enc = new TextEncoder();
const dec = new TextDecoder();
const hex = (d: string) => d.replace(/^sha256:/, '');

function file(bytes: Uint8Array, mtime = 0): Entry {
  return { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime, content: { kind: 'bytes', bytes } };
}
function dir(): Entry {
  return { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };
}

/** `docker save IMAGE…`: the archive's bytes, streamed in chunks. */
export function saveImages(core: Core, refs: readonly string[]): Generator<Uint8Array> {
  const files = new Map<string, Entry>([
    ['/blobs', dir()],
    ['/blobs/sha256', dir()],
  ]);
  const blob = (digest: string, bytes: Uint8Array) => files.set(`/blobs/sha256/${hex(digest)}`, file(bytes));
  const items: SaveManifestItem[] = [];
  const index: Descriptor[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  const seen = new Set<ImageId>();
  for (const ref of refs) {
    const img = findImage(core, ref);
    const tars = layersOf(core, img.diffIds).map((layer) => tarBytes(layer));
    tars.forEach((bytes, i) => blob(img.diffIds[i] as DiffId, bytes));
    blob(img.id, img.configBytes);
    const tags =
      ref.startsWith('sha256:') || /^[0-9a-f]+$/.test(ref) ? [] : [familiarTagged(parseReference(ref))];
    const manifest = ociManifestBytes({
      config: { mediaType: MEDIA.ociConfig, digest: asDigest(img.id), size: img.configBytes.length },
      layers: tars.map((bytes, i) => ({
        mediaType: MEDIA.ociLayer,
        digest: asDigest(img.diffIds[i] as DiffId),
        size: bytes.length,
      })),
    });
    const manifestDigest = `sha256:${core.sha256Hex(manifest)}`;
    blob(manifestDigest, manifest);
    for (const tag of tags.length ? tags : [null]) {
      index.push({
        mediaType: MEDIA.ociManifest,
        digest: asDigest(manifestDigest),
        size: manifest.length,
        ...(tag
          ? {
              annotations: {
                'io.containerd.image.name': `docker.io/${tag.includes('/') ? '' : 'library/'}${tag}`,
                'org.opencontainers.image.ref.name': tag.slice(tag.lastIndexOf(':') + 1),
              },
            }
          : {}),
      });
    }
    if (seen.has(img.id) && tags.length) {
      items.find((x) => x.Config === `blobs/sha256/${hex(img.id)}`)?.RepoTags?.push(...tags);
    } else {
      items.push({
        Config: `blobs/sha256/${hex(img.id)}`,
        RepoTags: tags.length ? tags : null,
        Layers: img.diffIds.map((d) => `blobs/sha256/${hex(d)}`),
      });
    }
    seen.add(img.id);
    for (const tag of tags) {
      const i = tag.lastIndexOf(':');
      (repositories[tag.slice(0, i)] ??= {})[tag.slice(i + 1)] = hex(img.diffIds.at(-1) ?? img.id);
    }
  }
  files.set('/index.json', file(ociIndexBytes(index)));
  files.set('/manifest.json', file(saveManifestBytes(items)));
  files.set('/oci-layout', file(enc.encode(OCI_LAYOUT)));
  if (Object.keys(repositories).length)
    files.set('/repositories', file(enc.encode(`${JSON.stringify(repositories)}\n`)));
  return tarChunks(files);
}

/** `docker export CONTAINER`: the container's flattened filesystem (no whiteouts, no init files). */
export function exportContainer(core: Core, ref: string): Generator<Uint8Array> {
  const ctr = findContainer(core, ref);
  const stack: Layer[] = [...layersOf(core, ctr.diffIds), upperLayer(ctr)];
  const tree = new Union(stack).tree();
  const flat: [string, Entry][] = [...tree].map(([p, e]) => [
    p,
    e.type === 'dir' && e.opaque ? { ...e, opaque: undefined } : e,
  ]);
  return tarChunks(flat);
}

export interface LoadResult {
  /** `Loaded image: redis:latest` for each tag, or `Loaded image ID: sha256:…` for an untagged one. */
  loaded: string[];
}

/** `docker load`: reads a docker-archive (legacy or 25+) and registers its images, all or nothing. */
export async function loadArchive(
  core: Core,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<LoadResult> {
  const files = new Map<string, Uint8Array>();
  for await (const { header, content } of readTarEntries(chunks)) {
    const name = header.name.replace(/^\.?\//, '');
    if (header.kind === 'file') files.set(name, content);
  }
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes)
    throw new DockerError(
      'open /var/lib/docker/tmp/docker-import/manifest.json: no such file or directory',
      'invalid',
    );
  let manifest: SaveManifestItem[];
  try {
    manifest = JSON.parse(dec.decode(manifestBytes)) as SaveManifestItem[];
  } catch {
    throw new DockerError('invalid manifest.json in archive', 'invalid');
  }
  const loaded: string[] = [];
  const tx = core.tx();
  for (const item of manifest) {
    const configBytes = files.get(item.Config);
    if (!configBytes)
      throw new DockerError(
        `open /var/lib/docker/tmp/docker-import/${item.Config}: no such file or directory`,
        'invalid',
      );
    const config = parseConfig(configBytes);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== item.Layers.length)
      throw new DockerError(
        'invalid manifest, layers length mismatch: expected ' +
          diffIds.length +
          ', got ' +
          item.Layers.length,
        'invalid',
      );
    const chain = core.chainIdsOf(diffIds);
    for (let i = 0; i < item.Layers.length; i++) {
      const chainId = chain[i] as ChainId;
      if (core.state.layers.has(chainId)) continue;
      const bytes = files.get(item.Layers[i] as string);
      if (!bytes)
        throw new DockerError(
          `open /var/lib/docker/tmp/docker-import/${item.Layers[i]}: no such file or directory`,
          'invalid',
        );
      const got = `sha256:${core.sha256Hex(bytes)}`;
      if (got !== diffIds[i])
        throw new DockerError(
          `invalid diffID for layer ${i}: expected "${diffIds[i]}", got "${got}"`,
          'invalid',
        );
      const layer = await layerFromTar([bytes]);
      const rec: LayerRec = {
        chainId,
        diffId: diffIds[i] as DiffId,
        parent: i ? (chain[i - 1] as ChainId) : null,
        layer,
        size: layer.size,
        cacheId: newCacheId(core),
        origin: 'load',
      };
      tx.set(core.state.layers, chainId, rec, 'layers');
      core.events.emit({
        type: 'layer-created',
        chainId,
        diffId: rec.diffId,
        size: rec.size,
        origin: 'load',
      });
    }
    const id = asImageId(`sha256:${core.sha256Hex(configBytes)}`);
    if (!core.state.images.has(id)) {
      const now = core.platform.clock.now();
      const rec: ImageRec = {
        id,
        configBytes,
        config,
        diffIds,
        parent: null,
        repoDigests: [],
        origin: 'load',
        lastTagTime: null,
        loadedAt: now,
      };
      tx.set(core.state.blobs, id, configBytes, 'blobs');
      tx.set(core.state.images, id, rec, 'images');
      core.events.emit({ type: 'image-created', imageId: id, origin: 'load' });
    }
    const tags = item.RepoTags ?? [];
    for (const t of tags) {
      const key = familiarTagged(parseReference(t));
      setTag(core, key, id);
      loaded.push(`Loaded image: ${key}`);
    }
    if (!tags.length) loaded.push(`Loaded image ID: ${id}`);
  }
  return { loaded };
}
