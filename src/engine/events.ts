// Typed events the engine emits while it works: the terminal prints results, the screen animates these.

import type { BuildEvent } from './build/status';
import type { ChainId, ContainerId, DiffId, ImageId } from './ids';
import type { StoreErrorKind } from './store/types';

export type PullStatus =
  | 'Already exists'
  | 'Pulling fs layer'
  | 'Waiting'
  | 'Downloading'
  | 'Verifying Checksum'
  | 'Download complete'
  | 'Extracting'
  | 'Pull complete';

/** A filesystem change inside a container, in terms of layers. */
export type FsChange =
  | { type: 'copy-up'; path: string; fromLayer: number; bytes: number }
  | { type: 'whiteout'; path: string }
  | { type: 'opaque'; path: string }
  | { type: 'write'; path: string; bytes: number }
  | { type: 'create'; path: string; entryType: string }
  | { type: 'remove'; path: string };

export type EngineEvent =
  | {
      type: 'pull-start';
      ref: string;
      layers: { id: string; diffId: DiffId; size: number; blobSize: number; exists: boolean }[];
    }
  | { type: 'pull-progress'; ref: string; id: string; status: PullStatus; current?: number; total?: number }
  | { type: 'pull-done'; ref: string; imageId: ImageId; upToDate: boolean }
  | { type: 'pull-cancelled'; ref: string; kept: number }
  | { type: 'layer-created'; chainId: ChainId; diffId: DiffId; size: number; origin: LayerOrigin }
  | { type: 'layer-removed'; chainId: ChainId }
  | { type: 'image-created'; imageId: ImageId; origin: ImageOrigin }
  | { type: 'image-tagged'; imageId: ImageId; tag: string }
  | { type: 'image-untagged'; imageId: ImageId; tag: string }
  | { type: 'image-removed'; imageId: ImageId }
  | { type: 'container-created'; id: ContainerId; name: string; imageId: ImageId }
  | { type: 'container-started'; id: ContainerId }
  | { type: 'container-stopped'; id: ContainerId; exitCode: number }
  | { type: 'container-paused'; id: ContainerId }
  | { type: 'container-unpaused'; id: ContainerId }
  | { type: 'container-renamed'; id: ContainerId; name: string }
  | { type: 'container-removed'; id: ContainerId }
  | { type: 'fs'; id: ContainerId; change: FsChange }
  | { type: 'commit'; id: ContainerId; chainId: ChainId | null; diffId: DiffId | null; imageId: ImageId }
  | { type: 'http'; id: ContainerId; path: string; status: number; layer: number | null }
  | { type: 'rolled-back'; reason: string }
  /** `docker load` reading its archive: bytes read so far of `total` (null when the size is unknown). */
  | { type: 'load-progress'; bytes: number; total: number | null }
  /** `docker build`'s solve-status stream, as BuildKit's progress writer receives it. */
  | { type: 'build-status'; event: BuildEvent }
  /** A build step (FROM, RUN, COPY, ADD, WORKDIR) finished: from the build cache, or made now. */
  | { type: 'build-step'; step: BuildStepMark }
  /** A build ended: the image it wrote (null when it failed) and every step's mark, in order. */
  | { type: 'build-done'; imageId: ImageId | null; tags: string[]; steps: BuildStepMark[] }
  /** The whole host was replaced (undo, reset, a presenter's step back): redraw everything. */
  | { type: 'restored' }
  /** Another tab changed the shared store: this host was read again from it (after 'restored'). */
  | { type: 'synced' }
  /** Another tab is in a command: this one waits for its turn (true), then has it (false). */
  | { type: 'turn'; waiting: boolean }
  /** The store refused a write (full, closed): that command was undone and the host now runs in memory only. */
  | { type: 'store-failed'; kind: StoreErrorKind; message: string };

/** How one build step ended, for the screen: the stack view marks cache hits and rebuilt layers. */
export interface BuildStepMark {
  /** The step's name as the progress shows it, e.g. `[2/4] COPY index.html /usr/share/nginx/html`. */
  readonly name: string;
  readonly stage: string;
  readonly kind: 'FROM' | 'RUN' | 'COPY' | 'ADD' | 'WORKDIR';
  /** Reused from the build cache (`CACHED`) rather than run now. */
  readonly cached: boolean;
  /** The layer stack after this step (its top ChainID); null when nothing is below yet (scratch). */
  readonly chainId: ChainId | null;
  /** This step's own layer, or null when it changed nothing (an empty layer). */
  readonly diffId: DiffId | null;
}

export type LayerOrigin = 'catalog' | 'commit' | 'load' | 'build';
export type ImageOrigin = 'pull' | 'commit' | 'load' | 'build';

export type Listener = (e: EngineEvent) => void;

/** A tiny typed emitter; listeners that throw never break the engine. */
export class Emitter {
  private listeners = new Set<Listener>();
  on(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(e: EngineEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        // a broken view must not break the host
      }
    }
  }
  get size(): number {
    return this.listeners.size;
  }
}
