// The simulated remote registry (Docker Hub as far as the lessons need it). It reads the generated
// catalog through an injected source, lazily: nothing is fetched until a pull asks for it, and a layer
// shared by several images is parsed once.

import { DockerError } from '../errors';
import { Layer } from '../fs/layer';
import type { DiffId, Digest } from '../ids';
import { familiarName, parseReference, withDefaultTag, type Reference } from '../reference';
import { parseIndex, parseLayerFile, type CatalogIndex } from './format';

/** Where the catalog's files come from: a file read in Node, a fetch of `./catalog/<name>` in a browser. */
export interface CatalogSource {
  read(name: string): Promise<Uint8Array>;
}

export const INDEX_FILE = 'index.json';

export interface RemoteLayer {
  diffId: DiffId;
  /** Digest of the gzipped blob: the manifest's layer digest, whose first 12 hex `docker pull` prints. */
  blobDigest: Digest;
  blobSize: number;
  /** Uncompressed content size. */
  size: number;
  createdBy: string;
}

export interface RemoteImage {
  /** The reference as resolved: domain, path (`library/redis`), the tag (`latest` when none was typed) or digest. */
  reference: Reference;
  manifestDigest: Digest;
  /** Manifest JSON bytes (their sha256 is `manifestDigest`). */
  manifest: Uint8Array;
  /** Config JSON bytes (their sha256 is the image id). */
  config: Uint8Array;
  layers: RemoteLayer[];
}

export interface RemoteRepository {
  /** Familiar name: `redis`, `portainer/portainer`. */
  name: string;
  description: string;
  tags: string[];
}

const DOCKER_HUB = 'docker.io';
const encoder = new TextEncoder();

/** The file's text; catalog files are gzipped (the gzip code is loaded with the first pull). */
async function decode(bytes: Uint8Array): Promise<string> {
  const { gunzipSync, strFromU8 } = await import('fflate');
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return strFromU8(gzipped ? gunzipSync(bytes) : bytes);
}

export class Registry {
  private index: Promise<CatalogIndex> | undefined;
  private readonly layers = new Map<string, Promise<Layer>>();

  constructor(private readonly source: CatalogSource) {}

  /**
   * Resolves what a user typed (`redis`, `nginx:1.27`, `portainer/portainer`, `redis@sha256:…`) to the
   * image the registry serves, or throws the DockerError the daemon would report.
   */
  async resolve(ref: string | Reference): Promise<RemoteImage> {
    const parsed = withDefaultTag(typeof ref === 'string' ? parseReference(ref) : ref);
    if (parsed.domain !== DOCKER_HUB) {
      const host = parsed.domain.replace(/:\d+$/, '');
      throw new DockerError(
        `Get "https://${parsed.domain}/v2/": dial tcp: lookup ${host}: no such host`,
        'system',
      );
    }
    const index = await this.loadIndex();
    const repo = index.repositories[parsed.path];
    const name = familiarName(parsed);
    if (!repo) {
      throw new DockerError(
        `pull access denied for ${name}, repository does not exist or may require 'docker login': ` +
          'denied: requested access to the resource is denied',
        'forbidden',
      );
    }
    let digest: string | undefined;
    if (parsed.digest) {
      const wanted = parsed.digest.toLowerCase();
      digest = Object.values(repo.tags).find((d) => d === wanted);
    } else if (parsed.tag) {
      digest = repo.tags[parsed.tag];
    }
    const image = digest ? index.images[digest] : undefined;
    if (!digest || !image) {
      const shown = parsed.digest ? `${name}@${parsed.digest}` : `${name}:${parsed.tag ?? 'latest'}`;
      throw new DockerError(
        `manifest for ${shown} not found: manifest unknown: manifest unknown`,
        'notFound',
      );
    }
    return {
      reference: parsed,
      manifestDigest: digest as Digest,
      manifest: encoder.encode(image.manifest),
      config: encoder.encode(image.config),
      layers: image.layers.map((l) => ({
        diffId: l.diffId as DiffId,
        blobDigest: l.blobDigest as Digest,
        blobSize: l.blobSize,
        size: l.size,
        createdBy: l.createdBy,
      })),
    };
  }

  /** The layer with this diffID, parsed once however many images share it. */
  layer(diffId: DiffId): Promise<Layer> {
    let p = this.layers.get(diffId);
    if (!p) {
      p = this.loadLayer(diffId);
      this.layers.set(diffId, p);
      // A failed read may succeed later (a flaky fetch): do not cache the failure.
      p.catch(() => this.layers.delete(diffId));
    }
    return p;
  }

  /** Every repository with its tags, for listings and `docker search`. */
  async repositories(): Promise<RemoteRepository[]> {
    const index = await this.loadIndex();
    return Object.entries(index.repositories)
      .map(([path, r]) => ({
        name: familiarName({ domain: DOCKER_HUB, path }),
        description: r.description,
        tags: Object.keys(r.tags).sort(),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private loadIndex(): Promise<CatalogIndex> {
    if (!this.index) {
      const p = this.source
        .read(INDEX_FILE)
        .then(decode)
        .then((text) => parseIndex(text));
      this.index = p;
      p.catch(() => {
        if (this.index === p) this.index = undefined;
      });
    }
    return this.index;
  }

  private async loadLayer(diffId: DiffId): Promise<Layer> {
    const index = await this.loadIndex();
    const info = index.layers[diffId];
    if (!info) throw new DockerError(`unknown blob ${diffId}`, 'notFound');
    const { entries } = parseLayerFile(await decode(await this.source.read(info.file)));
    return Layer.from(entries);
  }
}
