// docker save and docker export. A save is what Docker 25+ writes: both an OCI image layout and a
// docker-archive (manifest.json, repositories), with every layer stored uncompressed under its
// diffID. (docker load lives in load/.)

import type { Core } from './core';
import type { Entry } from './fs/entry';
import type { Layer } from './fs/layer';
import { Union } from './fs/union';
import type { DiffId, ImageId } from './ids';
import { asDigest } from './ids';
import { findContainer } from './containers';
import { findImage } from './images';
import { layersOf } from './layers';
import { MEDIA, OCI_LAYOUT, ociIndexBytes, ociManifestBytes, saveManifestBytes } from './oci/manifest';
import type { Descriptor, SaveManifestItem } from './oci/manifest';
import { tarBytes, tarChunks } from './oci/tar';
import { concat } from './oci/tar-read';
import { splitChunks } from './oci/tar-split';
import { familiarTagged, parseReference } from './reference';
import { upperLayer } from './diff';

const enc = new TextEncoder();
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
    // A loaded layer is written as it came (its tar-split); any other as Layer Lab writes layers.
    const tars = core.chainIdsOf(img.diffIds).map((chainId, i) => {
      const rec = core.state.layers.get(chainId);
      if (!rec) throw new Error(`layer ${img.diffIds[i]} is missing`);
      return rec.tarSplit ? concat([...splitChunks(rec.tarSplit, rec.layer.entries)]) : tarBytes(rec.layer);
    });
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
