// An image build as the generator replays it: each RUN/COPY changes the merged tree and becomes a
// layer (the diff); ENV/CMD/EXPOSE… only add history and config. Layers are shared by reference.

import { diffTrees, Tree, type LayerNode } from './tree';
import type { InstallContext } from './dpkg';

export interface BuiltLayer {
  /** Unique catalog name; with each path it seeds the fills, so it is part of the layer's identity. */
  name: string;
  nodes: Map<string, LayerNode>;
}

export interface History {
  created: number;
  createdBy: string;
  comment?: string;
  emptyLayer?: boolean;
}

/** The image config fields real images set (image-spec ImageConfig). */
export interface RunConfig {
  User?: string;
  ExposedPorts?: string[];
  Env: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const BUILDKIT = 'buildkit.dockerfile.v0';

export interface StepOptions {
  /** Apply the slim base's dpkg filters to package installs. */
  slim?: boolean;
  rootfs?: string;
  stanzas?: Map<string, number>;
  wantText?: (path: string, size: number) => boolean;
}

export class ImageBuild {
  tree: Tree;
  layers: BuiltLayer[];
  history: History[];
  config: RunConfig;
  /** Seconds; each step moves it on, so history reads like a real build. */
  time: number;
  opts: StepOptions;

  private constructor(
    tree: Tree,
    layers: BuiltLayer[],
    history: History[],
    config: RunConfig,
    time: number,
    opts: StepOptions,
  ) {
    this.tree = tree;
    this.layers = layers;
    this.history = history;
    this.config = config;
    this.time = time;
    this.opts = opts;
  }

  static scratch(time: number, opts: StepOptions = {}): ImageBuild {
    return new ImageBuild(new Tree(), [], [], { Env: [] }, time, opts);
  }

  /** `FROM parent` at `time`: the parent's layers, history and config carried over. */
  static from(parent: ImageBuild, time: number): ImageBuild {
    const stanzas = parent.opts.stanzas ? new Map(parent.opts.stanzas) : undefined;
    return new ImageBuild(
      parent.tree.clone(),
      [...parent.layers],
      [...parent.history],
      structuredClone(parent.config),
      time,
      { ...parent.opts, ...(stanzas ? { stanzas } : {}) },
    );
  }

  private tick(seconds: number): number {
    this.time += seconds;
    return this.time;
  }

  /** A step that writes files: its diff becomes a layer named `name`. */
  layer(
    name: string,
    createdBy: string,
    change: (ctx: InstallContext) => void,
    opts: { seconds?: number; comment?: string } = {},
  ): BuiltLayer {
    const before = this.tree;
    const after = before.clone();
    const time = this.tick(opts.seconds ?? 7);
    change({
      tree: after,
      time,
      slim: this.opts.slim ?? false,
      rev: name,
      rootfs: this.opts.rootfs ?? '',
      stanzas: this.opts.stanzas ?? new Map(),
      wantText: this.opts.wantText ?? (() => false),
    });
    const layer: BuiltLayer = { name, nodes: diffTrees(before, after, time) };
    this.tree = after;
    this.layers.push(layer);
    this.history.push({ created: time, createdBy, comment: opts.comment ?? BUILDKIT });
    return layer;
  }

  /** A whole rootfs as the first layer (`ADD rootfs.tar /`, debuerreotype's tarball). */
  base(
    name: string,
    tree: Tree,
    createdBy: string | ((l: BuiltLayer) => string),
    comment?: string,
  ): BuiltLayer {
    this.tree = tree.clone();
    const layer: BuiltLayer = { name, nodes: new Map(tree.nodes) };
    this.layers.push(layer);
    const by = typeof createdBy === 'string' ? createdBy : createdBy(layer);
    this.history.push({ created: this.time, createdBy: by, ...(comment ? { comment } : {}) });
    return layer;
  }

  /** Reuses a layer another image built (FROM … with the same diffID). */
  reuse(layer: BuiltLayer, tree: Tree, history: History): void {
    this.tree = tree.clone();
    this.layers.push(layer);
    this.history.push(history);
  }

  /** An instruction that only changes the config (ENV, CMD, EXPOSE, WORKDIR…). */
  meta(
    createdBy: string,
    change: (c: RunConfig) => void = () => {},
    opts: { seconds?: number; comment?: string | null } = {},
  ): void {
    change(this.config);
    const time = this.tick(opts.seconds ?? 0);
    const comment = opts.comment === null ? undefined : (opts.comment ?? BUILDKIT);
    this.history.push({ created: time, createdBy, ...(comment ? { comment } : {}), emptyLayer: true });
  }
}
