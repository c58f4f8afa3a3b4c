// docker commit: the writable layer (less the init layer's bind mounts, see ./diff.ts) frozen into a
// new read-only layer on top of the container's image, with config, history, author and comment.

import type { Core } from './core';
import { isoNano } from './core';
import { DockerError } from './errors';
import type { ChainId, DiffId, ImageId } from './ids';
import { asDiffId, asImageId } from './ids';
import { findContainer } from './containers';
import { newCacheId } from './layers';
import { configBytes, type ImageConfig } from './oci/config';
import { EMPTY_LAYER_DIFF_ID, diffIdOf } from './oci/digest';
import { setTag } from './images';
import { familiarTagged, parseReference } from './reference';
import { upperLayer } from './diff';
import type { ContainerConfig, ImageRec, LayerRec } from './state';

export interface CommitOptions {
  container: string;
  reference?: string;
  author?: string;
  message?: string;
  changes?: string[];
}

export interface CommitResult {
  imageId: ImageId;
  diffId: DiffId | null;
  chainId: ChainId | null;
  tag: string | null;
}

const DOCKER_VERSION = '27.5.1';
const CHANGE_COMMANDS = new Set([
  'cmd',
  'entrypoint',
  'env',
  'expose',
  'healthcheck',
  'label',
  'onbuild',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

function splitWords(s: string): string[] {
  return s.trim().split(/\s+/).filter(Boolean);
}

function execForm(rest: string): string[] {
  const t = rest.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // not JSON: Docker falls back to the shell form
    }
  }
  return ['/bin/sh', '-c', t];
}

function keyValues(rest: string): [string, string][] {
  const t = rest.trim();
  if (!t.includes('=')) {
    const i = t.search(/\s/);
    return i === -1 ? [] : [[t.slice(0, i), t.slice(i).trim()]];
  }
  const out: [string, string][] = [];
  for (const m of t.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    const raw = m[2] ?? '';
    const v = raw.startsWith('"')
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw.startsWith("'")
        ? raw.slice(1, -1)
        : raw;
    out.push([m[1] as string, v]);
  }
  return out;
}

/** Applies `-c` changes (Dockerfile instructions) to a container config, validating each. */
export function applyChanges(base: ContainerConfig, changes: readonly string[]): ContainerConfig {
  const cfg: ContainerConfig = { ...base, Env: [...(base.Env ?? [])], Labels: { ...(base.Labels ?? {}) } };
  for (const change of changes) {
    const line = change.trim();
    const word = (line.split(/\s+/)[0] ?? '').toLowerCase();
    const rest = line.slice(word.length).trim();
    if (!CHANGE_COMMANDS.has(word)) throw new DockerError(`${word} is not a valid change command`, 'invalid');
    switch (word) {
      case 'cmd':
        cfg.Cmd = execForm(rest);
        break;
      case 'entrypoint':
        cfg.Entrypoint = execForm(rest);
        break;
      case 'env':
        for (const [k, v] of keyValues(rest)) {
          cfg.Env = [...(cfg.Env ?? []).filter((e) => !e.startsWith(`${k}=`)), `${k}=${v}`];
        }
        break;
      case 'label':
        for (const [k, v] of keyValues(rest)) cfg.Labels = { ...cfg.Labels, [k]: v };
        break;
      case 'expose': {
        const ports = { ...(cfg.ExposedPorts ?? {}) };
        for (const p of splitWords(rest)) ports[p.includes('/') ? p : `${p}/tcp`] = {};
        cfg.ExposedPorts = ports;
        break;
      }
      case 'workdir':
        cfg.WorkingDir = rest.startsWith('/') ? rest : `${cfg.WorkingDir || ''}/${rest}`.replace(/\/+/g, '/');
        break;
      case 'user':
        cfg.User = rest;
        break;
      case 'stopsignal':
        cfg.StopSignal = rest;
        break;
      case 'volume': {
        const vols = { ...(cfg.Volumes ?? {}) };
        const list = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : splitWords(rest);
        for (const v of list) vols[v] = {};
        cfg.Volumes = vols;
        break;
      }
      case 'onbuild':
        cfg.OnBuild = [...(cfg.OnBuild ?? []), rest];
        break;
      case 'healthcheck':
        cfg.Healthcheck =
          rest.toUpperCase() === 'NONE'
            ? { Test: ['NONE'] }
            : { Test: ['CMD-SHELL', rest.replace(/^CMD\s+/i, '')] };
        break;
    }
  }
  return cfg;
}

export async function commitContainer(core: Core, opts: CommitOptions): Promise<CommitResult> {
  const { state } = core;
  const ctr = findContainer(core, opts.container);
  let tag: string | null = null;
  if (opts.reference) {
    const ref = parseReference(opts.reference);
    if (ref.digest) throw new DockerError('refusing to create a tag with a digest reference', 'invalid');
    tag = familiarTagged(ref);
  }
  const parentImage = state.images.get(ctr.imageId);
  const parentConfig: ImageConfig | undefined = parentImage?.config;
  const newConfig = applyChanges(ctr.config, opts.changes ?? []);

  const layer = upperLayer(ctr);
  const diffId = layer.count === 0 ? EMPTY_LAYER_DIFF_ID : asDiffId(diffIdOf(layer, core.platform.sha256));
  const isEmpty = diffId === EMPTY_LAYER_DIFF_ID;
  const created = isoNano(core.platform.clock.now());
  const baseDiffIds = parentImage?.diffIds ?? ctr.diffIds;
  const diffIds = isEmpty ? [...baseDiffIds] : [...baseDiffIds, diffId];

  const history = [
    ...(parentConfig?.history ?? []),
    {
      created,
      created_by: (ctr.config.Cmd ?? []).join(' '),
      ...(opts.author ? { author: opts.author } : {}),
      ...(opts.message ? { comment: opts.message } : {}),
      ...(isEmpty ? { empty_layer: true } : {}),
    },
  ];
  const config: ImageConfig = {
    architecture: parentConfig?.architecture ?? 'amd64',
    ...(opts.author ? { author: opts.author } : {}),
    config: newConfig,
    container: ctr.id,
    container_config: ctr.config,
    created,
    docker_version: DOCKER_VERSION,
    history,
    os: parentConfig?.os ?? 'linux',
    rootfs: { type: 'layers', diff_ids: diffIds },
  };
  const bytes = configBytes(config);
  const imageId = asImageId(`sha256:${core.sha256Hex(bytes)}`);
  const tx = core.tx();

  let chainId: ChainId | null = null;
  if (!isEmpty) {
    const chain = core.chainIdsOf(diffIds);
    chainId = chain.at(-1) as ChainId;
    if (!state.layers.has(chainId)) {
      const rec: LayerRec = {
        chainId,
        diffId,
        parent: chain.at(-2) ?? null,
        layer,
        size: layer.size,
        cacheId: newCacheId(core),
        origin: 'commit',
      };
      tx.set(state.layers, chainId, rec, 'layers');
      core.events.emit({ type: 'layer-created', chainId, diffId, size: rec.size, origin: 'commit' });
    }
  }
  if (!state.images.has(imageId)) {
    const now = core.platform.clock.now();
    const rec: ImageRec = {
      id: imageId,
      configBytes: bytes,
      config,
      diffIds,
      parent: parentImage ? parentImage.id : null,
      repoDigests: [],
      origin: 'commit',
      lastTagTime: null,
      loadedAt: now,
    };
    tx.set(state.blobs, imageId, bytes, 'blobs');
    tx.set(state.images, imageId, rec, 'images');
    core.events.emit({ type: 'image-created', imageId, origin: 'commit' });
  }
  if (tag) setTag(core, tag, imageId);
  core.events.emit({ type: 'commit', id: ctr.id, chainId, diffId: isEmpty ? null : diffId, imageId });
  return { imageId, diffId: isEmpty ? null : diffId, chainId, tag };
}
