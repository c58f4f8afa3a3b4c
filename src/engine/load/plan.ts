// What an archive's members say: which images, with which config, layers and tags. Reads the
// docker-archive `manifest.json` (legacy `<id>/layer.tar` and Docker 25+ `blobs/sha256/…` alike) or,
// without one, an OCI image layout (`oci-layout` + `index.json` → manifests → config and layers).
// Every JSON document is validated before it is believed; every layer is checked against its diffID.

import type { ImageConfig } from '../oci/config';
import { parseConfig } from '../oci/config';
import { MEDIA } from '../oci/manifest';
import type { BlobResult } from './blob-sink';
import { LoadError } from './limits';
import { resolveMember, type Member } from './read-archive';

export interface PlannedImage {
  readonly configBytes: Uint8Array;
  readonly config: ImageConfig;
  /** The layer blobs, bottom first, each already checked against the config's diffID. */
  readonly layers: readonly BlobResult[];
  /** Familiar or full references as the archive names them (`redis:latest`). */
  readonly tags: readonly string[];
}

const dec = new TextDecoder('utf-8', { fatal: false });
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A JSON document of the archive, read whole (it is small) and parsed. */
function json(blob: BlobResult | undefined, what: string, missing: string): unknown {
  if (!blob) throw new LoadError(missing);
  if (!blob.bytes) throw new LoadError(`${what} is too large (${blob.size} bytes)`);
  try {
    return JSON.parse(dec.decode(blob.bytes)) as unknown;
  } catch (e) {
    throw new LoadError(`invalid ${what}: ${(e as Error).message}`);
  }
}

/** The image config, its fields checked to be what their readers expect. */
export function checkedConfig(bytes: Uint8Array): ImageConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(dec.decode(bytes));
  } catch (e) {
    throw new LoadError(`invalid image config: ${(e as Error).message}`);
  }
  if (!isObj(raw) || !isObj(raw.rootfs) || !Array.isArray(raw.rootfs.diff_ids))
    throw new LoadError('invalid image config: no rootfs');
  const bad = (field: string) => new LoadError(`invalid image config: ${field} has the wrong type`);
  if (!raw.rootfs.diff_ids.every((d) => typeof d === 'string' && SHA256.test(d)))
    throw new LoadError('invalid image config: rootfs.diff_ids must be sha256 digests');
  for (const k of ['architecture', 'os', 'created', 'author', 'comment', 'variant', 'docker_version'])
    if (raw[k] !== undefined && typeof raw[k] !== 'string') throw bad(k);
  if (raw.history !== undefined) {
    if (!Array.isArray(raw.history) || !raw.history.every(isObj)) throw bad('history');
    for (const h of raw.history as Record<string, unknown>[]) {
      for (const k of ['created', 'created_by', 'author', 'comment'])
        if (h[k] !== undefined && typeof h[k] !== 'string') throw bad(`history.${k}`);
      if (h.empty_layer !== undefined && typeof h.empty_layer !== 'boolean') throw bad('history.empty_layer');
    }
  }
  for (const key of ['config', 'container_config']) {
    const c = raw[key];
    if (c === undefined || c === null) continue;
    if (!isObj(c)) throw bad(key);
    for (const k of ['Env', 'Cmd', 'Entrypoint', 'OnBuild', 'Shell'])
      if (c[k] !== undefined && c[k] !== null && !isStrings(c[k])) throw bad(`${key}.${k}`);
    for (const k of ['User', 'WorkingDir', 'Hostname', 'Domainname', 'Image', 'StopSignal'])
      if (c[k] !== undefined && typeof c[k] !== 'string') throw bad(`${key}.${k}`);
    for (const k of ['ExposedPorts', 'Volumes', 'Labels'])
      if (c[k] !== undefined && c[k] !== null && !isObj(c[k])) throw bad(`${key}.${k}`);
    if (isObj(c.Labels) && !Object.values(c.Labels).every((v) => typeof v === 'string'))
      throw bad(`${key}.Labels`);
  }
  if (raw.config === null) delete raw.config;
  try {
    return parseConfig(bytes);
  } catch (e) {
    throw new LoadError((e as Error).message);
  }
}

/** Checks a layer blob against the diffID the config names for it, in Docker's words. */
function checkLayer(blob: BlobResult, i: number, diffId: string): BlobResult {
  // A layer that could not even be inflated says why (gzip's words), not that its digest is off.
  if (blob.error instanceof LoadError) throw new LoadError(blob.error.message);
  const got = `sha256:${blob.diffDigest}`;
  if (got !== diffId)
    throw new LoadError(`invalid diffID for layer ${i}: expected "${diffId}", got "${got}"`);
  if (blob.error) throw new LoadError(`failed to register layer: ${blob.error.message}`);
  if (!blob.entries) throw new LoadError(`failed to register layer ${i}: not a tar archive`);
  return blob;
}

function image(
  members: ReadonlyMap<string, Member>,
  tmp: string,
  configName: string,
  layerNames: readonly string[],
  tags: readonly string[],
): PlannedImage {
  const open = (name: string) => `open ${tmp}/${name}: no such file or directory`;
  const cfgBlob = resolveMember(members, configName);
  if (!cfgBlob) throw new LoadError(open(configName));
  if (!cfgBlob.bytes) throw new LoadError(`image config ${configName} is too large (${cfgBlob.size} bytes)`);
  const config = checkedConfig(cfgBlob.bytes);
  const diffIds = config.rootfs.diff_ids;
  if (layerNames.length !== diffIds.length)
    throw new LoadError(
      `invalid manifest, layers length mismatch: expected ${layerNames.length}, got ${diffIds.length}`,
    );
  const layers = layerNames.map((name, i) => {
    const blob = resolveMember(members, name);
    if (!blob) throw new LoadError(open(name));
    return checkLayer(blob, i, diffIds[i] as string);
  });
  return { configBytes: cfgBlob.bytes, config, layers, tags };
}

/** docker-archive: `manifest.json` lists each image's config, layers and tags. */
function fromManifestJson(members: ReadonlyMap<string, Member>, tmp: string): PlannedImage[] {
  const raw = json(
    resolveMember(members, 'manifest.json'),
    'manifest.json',
    `open ${tmp}/manifest.json: no such file or directory`,
  );
  if (!Array.isArray(raw)) throw new LoadError('invalid manifest.json: not a list of images');
  return raw.map((item: unknown, n) => {
    if (!isObj(item) || typeof item.Config !== 'string' || !isStrings(item.Layers))
      throw new LoadError(`invalid manifest.json: entry ${n} needs Config and Layers`);
    const tags = item.RepoTags ?? [];
    if (!isStrings(tags)) throw new LoadError(`invalid manifest.json: entry ${n} RepoTags must be strings`);
    return image(members, tmp, item.Config, item.Layers, tags);
  });
}

interface Desc {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

function descriptor(v: unknown, where: string): Desc {
  if (!isObj(v) || typeof v.digest !== 'string' || !SHA256.test(v.digest) || typeof v.size !== 'number')
    throw new LoadError(`invalid ${where}: a descriptor needs a sha256 digest and a size`);
  const annotations = isObj(v.annotations) ? (v.annotations as Record<string, string>) : undefined;
  return {
    mediaType: typeof v.mediaType === 'string' ? v.mediaType : '',
    digest: v.digest,
    size: v.size,
    ...(annotations ? { annotations } : {}),
  };
}

/** A blob of an OCI layout, its stored bytes checked against the descriptor's digest and size. */
function ociBlob(members: ReadonlyMap<string, Member>, tmp: string, d: Desc): BlobResult {
  const name = `blobs/sha256/${d.digest.slice(7)}`;
  const blob = resolveMember(members, name);
  if (!blob) throw new LoadError(`open ${tmp}/${name}: no such file or directory`);
  if (`sha256:${blob.digest}` !== d.digest)
    throw new LoadError(`digest mismatch for ${name}: expected ${d.digest}, got sha256:${blob.digest}`);
  if (blob.size !== d.size)
    throw new LoadError(`size mismatch for ${name}: expected ${d.size}, got ${blob.size}`);
  return blob;
}

/** An OCI image layout: index.json → (nested indexes →) manifests → config and layers. */
function fromOciLayout(members: ReadonlyMap<string, Member>, tmp: string): PlannedImage[] {
  const index = json(
    resolveMember(members, 'index.json'),
    'index.json',
    `open ${tmp}/index.json: no such file or directory`,
  );
  const out: PlannedImage[] = [];
  const walk = (doc: unknown, where: string, depth: number, tags: string[]) => {
    if (depth > 4) throw new LoadError(`invalid ${where}: indexes nested too deep`);
    if (!isObj(doc) || !Array.isArray(doc.manifests)) throw new LoadError(`invalid ${where}: no manifests`);
    for (const m of doc.manifests) {
      const d = descriptor(m, where);
      const name = d.annotations?.['io.containerd.image.name'];
      const ref = d.annotations?.['org.opencontainers.image.ref.name'];
      // A bare tag ("latest") names no repository: such an image loads untagged, as Docker loads it.
      const tag = name ?? (ref && /[:/]/.test(ref) ? ref : undefined);
      const blob = ociBlob(members, tmp, d);
      const body = json(blob, `manifest ${d.digest}`, '');
      const kind = d.mediaType || (isObj(body) && typeof body.mediaType === 'string' ? body.mediaType : '');
      if (kind === MEDIA.ociIndex || kind === MEDIA.dockerManifestList) {
        walk(body, `index ${d.digest}`, depth + 1, tag ? [...tags, tag] : tags);
        continue;
      }
      if (!isObj(body) || !Array.isArray(body.layers))
        throw new LoadError(`invalid manifest ${d.digest}: no layers`);
      const cfg = descriptor(body.config, `manifest ${d.digest}`);
      ociBlob(members, tmp, cfg);
      const layerDescs = body.layers.map((l) => descriptor(l, `manifest ${d.digest}`));
      for (const l of layerDescs) ociBlob(members, tmp, l);
      out.push(
        image(
          members,
          tmp,
          `blobs/sha256/${cfg.digest.slice(7)}`,
          layerDescs.map((l) => `blobs/sha256/${l.digest.slice(7)}`),
          tag ? [...tags, tag] : tags,
        ),
      );
    }
  };
  walk(index, 'index.json', 0, []);
  return out;
}

/** The images an archive holds, all checked; throws the first problem as Docker would word it. */
export function planImages(members: ReadonlyMap<string, Member>, tmp: string): PlannedImage[] {
  if (members.has('manifest.json')) return fromManifestJson(members, tmp);
  if (members.has('index.json') && members.has('oci-layout')) return fromOciLayout(members, tmp);
  throw new LoadError(`open ${tmp}/manifest.json: no such file or directory`);
}
