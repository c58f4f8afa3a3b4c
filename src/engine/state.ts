// The host's state in memory: layers, images, tags, containers. Records only; operations live beside.

import type { TarSplit } from './oci/tar-split';
import type { Layer } from './fs/layer';
import type { Upper } from './fs/upper';
import { newHome } from './host-home';
import type { ChainId, ContainerId, DiffId, ImageId } from './ids';
import type { ImageConfig } from './oci/config';
import type { ImageOrigin, LayerOrigin } from './events';

export type ContainerConfig = ImageConfig['config'];

export interface LayerRec {
  readonly chainId: ChainId;
  readonly diffId: DiffId;
  readonly parent: ChainId | null;
  readonly layer: Layer;
  /** Bytes of file content in this layer (what `docker history` shows). */
  readonly size: number;
  /** The random directory name overlay2 would use under /var/lib/docker/overlay2. */
  readonly cacheId: string;
  readonly origin: LayerOrigin;
  /** A loaded layer's original tar, minus its contents: `docker save` writes the same bytes again. */
  readonly tarSplit?: TarSplit;
}

export interface ImageRec {
  readonly id: ImageId;
  /** The exact config JSON bytes: the image id is their sha256. */
  readonly configBytes: Uint8Array;
  readonly config: ImageConfig;
  readonly diffIds: readonly DiffId[];
  readonly parent: ImageId | null;
  repoDigests: string[];
  readonly origin: ImageOrigin;
  /** ms since the epoch of the last tag, as Metadata.LastTagTime. */
  lastTagTime: number | null;
  /** ms since the epoch when this host first had the image (orders `docker images` ties). */
  readonly loadedAt: number;
}

/** What a build step left in the build cache: the layer stack after it, found again by its key. */
export interface BuildCacheRec {
  /** sha256 hex over the parent record's key and everything the step's result depends on. */
  readonly key: string;
  /** The record id `docker builder prune` lists (BuildKit's 25-character ids). */
  readonly id: string;
  readonly parent: string | null;
  readonly kind: 'FROM' | 'RUN' | 'COPY' | 'ADD' | 'WORKDIR';
  /** The step as shown, without its `[n/m]` prefix: `RUN apk add curl`. */
  readonly description: string;
  /** The layer stack after the step, bottom first (the base image's layers for a FROM). */
  readonly diffIds: readonly DiffId[];
  /** The step made a layer of its own (the top of `diffIds`); false when it changed nothing. */
  readonly ownLayer: boolean;
  /** Bytes of the step's own layer (0 for FROM and empty layers). */
  readonly size: number;
  /** ms since the epoch when the step ran: its history entry's `created`. */
  readonly created: number;
}

export interface PortBinding {
  readonly containerPort: number;
  readonly proto: 'tcp' | 'udp';
  readonly hostIp: string;
  /** 0 means "any free port" (`-p 80` or `-P`). */
  readonly hostPort: number;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  error: string;
  startedAt: number | null;
  finishedAt: number | null;
  oomKilled: boolean;
}

export interface LogLine {
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export interface ContainerRec {
  readonly id: ContainerId;
  name: string;
  readonly imageId: ImageId;
  /** The image as the user named it (what `docker ps` shows in IMAGE). */
  readonly imageRef: string;
  /** The image's layers when the container was made: they stay even if the image is force-removed. */
  readonly diffIds: readonly DiffId[];
  readonly created: number;
  readonly path: string;
  readonly args: readonly string[];
  readonly config: ContainerConfig;
  readonly ports: readonly PortBinding[];
  /** Host ports actually bound while running (0 → chosen at start). */
  boundPorts: { containerPort: number; proto: string; hostIp: string; hostPort: number }[];
  readonly autoRemove: boolean;
  readonly init: Layer;
  upper: Upper;
  state: ContainerState;
  restartCount: number;
  logs: LogLine[];
  ipAddress: string;
  readonly cacheId: string;
  /** Processes besides the main one, started by exec (pid → argv). */
  execs: { pid: number; argv: string[] }[];
  /** The site nginx loaded at its start or last `nginx -s reload`: edits take effect only then. */
  nginxSite?: NginxSite;
  /** Redis's keyspace (held in the server's memory; `SAVE` writes it to /data/dump.rdb). */
  redisData?: Record<string, string>;
}

export interface NginxSite {
  root: string;
  index: string[];
}

export function emptyState(): ContainerState {
  return {
    status: 'created',
    pid: 0,
    exitCode: 0,
    error: '',
    startedAt: null,
    finishedAt: null,
    oomKilled: false,
  };
}

/** Everything the host holds. Maps keyed by id; tags keyed by familiar `name:tag`. */
export class HostState {
  readonly layers = new Map<ChainId, LayerRec>();
  readonly images = new Map<ImageId, ImageRec>();
  readonly tags = new Map<string, ImageId>();
  readonly containers = new Map<ContainerId, ContainerRec>();
  /** Content-addressed blobs (image configs, manifests) by `sha256:…`. */
  readonly blobs = new Map<string, Uint8Array>();
  /** The last process id handed out on this host. */
  lastPid = 0;
  /** The build cache by key: its records hold their layers, as BuildKit's cache holds its snapshots. */
  readonly buildCache = new Map<string, BuildCacheRec>();
  /** The learner's home directory on the host (for the host shell). */
  home: Upper = newHome();

  tagsOf(id: ImageId): string[] {
    const out: string[] = [];
    for (const [tag, img] of this.tags) if (img === id) out.push(tag);
    return out.sort();
  }

  containersOf(id: ImageId): ContainerRec[] {
    return [...this.containers.values()].filter((c) => c.imageId === id);
  }

  /** Images whose recorded parent is `id`. */
  childrenOf(id: ImageId): ImageRec[] {
    return [...this.images.values()].filter((i) => i.parent === id);
  }
}
