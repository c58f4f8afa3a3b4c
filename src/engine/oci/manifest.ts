// Manifests and indexes: the JSON documents that name an image's config and layer blobs by digest.
// Field order follows the Go structs that write them (image-spec specs-go, docker/distribution).

import type { Sha256 } from '../platform';
import { asDigest, type Digest } from '../ids';
import { goInt, goMap, goSlice, goString, goStrings, goStruct } from './gojson';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface ManifestInput {
  config: Descriptor;
  layers: readonly Descriptor[];
  annotations?: Record<string, string>;
}

function platformJson(p: Platform): string {
  return goStruct([
    ['architecture', goString(p.architecture)],
    ['os', goString(p.os)],
    ['variant', p.variant ? goString(p.variant) : undefined],
  ]);
}

const nonEmpty = (m: Record<string, string> | undefined) =>
  m && Object.keys(m).length > 0 ? goMap(m, goString) : undefined;

/** image-spec v1.Descriptor order: mediaType, digest, size, annotations, platform. */
function ociDescriptor(d: Descriptor): string {
  return goStruct([
    ['mediaType', goString(d.mediaType)],
    ['digest', goString(d.digest)],
    ['size', goInt(d.size)],
    ['annotations', nonEmpty(d.annotations)],
    ['platform', d.platform ? platformJson(d.platform) : undefined],
  ]);
}

/** docker/distribution's Descriptor order: mediaType, size, digest. */
function dockerDescriptor(d: Descriptor): string {
  return goStruct([
    ['mediaType', goString(d.mediaType)],
    ['size', goInt(d.size)],
    ['digest', goString(d.digest)],
    ['annotations', nonEmpty(d.annotations)],
    ['platform', d.platform ? platformJson(d.platform) : undefined],
  ]);
}

const encode = (s: string) => new TextEncoder().encode(s);

/** An OCI image manifest, compact (as `docker save` writes it). */
export function ociManifestBytes(m: ManifestInput): Uint8Array {
  return encode(
    goStruct([
      ['schemaVersion', '2'],
      ['mediaType', goString(MEDIA.ociManifest)],
      ['config', ociDescriptor(m.config)],
      ['layers', goSlice(m.layers, ociDescriptor)],
      ['annotations', nonEmpty(m.annotations)],
    ]),
  );
}

/** A Docker v2 schema 2 manifest, indented with three spaces as docker/distribution writes it on push. */
export function dockerManifestBytes(m: ManifestInput): Uint8Array {
  const compact = goStruct([
    ['schemaVersion', '2'],
    ['mediaType', goString(MEDIA.dockerManifest)],
    ['config', dockerDescriptor(m.config)],
    ['layers', goSlice(m.layers, dockerDescriptor)],
  ]);
  return encode(goIndent(compact, '   '));
}

/** An OCI index listing manifests (the `index.json` of `docker save`). */
export function ociIndexBytes(
  manifests: readonly Descriptor[],
  annotations?: Record<string, string>,
): Uint8Array {
  return encode(
    goStruct([
      ['schemaVersion', '2'],
      ['mediaType', goString(MEDIA.ociIndex)],
      ['manifests', goSlice(manifests, ociDescriptor)],
      ['annotations', nonEmpty(annotations)],
    ]),
  );
}

/** One image of `docker save`'s manifest.json. */
export interface SaveManifestItem {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** `docker save`'s manifest.json: Go's json.Encoder output, so a trailing newline. */
export function saveManifestBytes(items: readonly SaveManifestItem[]): Uint8Array {
  const item = (i: SaveManifestItem) =>
    goStruct([
      ['Config', goString(i.Config)],
      ['RepoTags', goStrings(i.RepoTags)],
      ['Layers', goStrings(i.Layers)],
    ]);
  return encode(`${goSlice(items, item)}\n`);
}

/** The `oci-layout` file of an image layout, byte for byte as moby writes it. */
export const OCI_LAYOUT = '{"imageLayoutVersion": "1.0.0"}';

/** The digest of a manifest (what `Digest:` and RepoDigests show). */
export function manifestDigest(bytes: Uint8Array, sha: () => Sha256): Digest {
  const h = sha();
  h.update(bytes);
  return asDigest(`sha256:${h.hex()}`);
}

/** Go's json.Indent over compact JSON: one member per line, `": "` after keys, empty {} and [] kept. */
export function goIndent(compact: string, indent: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => '\n' + indent.repeat(depth);
  for (let i = 0; i < compact.length; i++) {
    const c = compact[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += compact[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[': {
        const next = compact[i + 1];
        if (next === '}' || next === ']') {
          out += c + next;
          i++;
        } else {
          depth++;
          out += c + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth--;
        out += newline() + c;
        break;
      case ',':
        out += c + newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        out += c;
    }
  }
  return out;
}
