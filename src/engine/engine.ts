// The simulated Docker host's face. Every public operation is one command: it runs alone (commands
// queue), its changes are written to the store in one transaction, and if anything fails — the
// operation or the write — the host is put back exactly as it was.

import type { Core, PullSpeed, Settings } from './core';
import { DEFAULT_SETTINGS, chainIdsOf, sha256Hex } from './core';
import { DockerError } from './errors';
import { Emitter } from './events';
import type { EngineEvent } from './events';
import type { ChainId, DiffId } from './ids';
import type { Platform } from './platform';
import { HostState } from './state';
import type { ContainerRec, ImageRec } from './state';
import { Tx } from './tx';
import { newHome } from './host-home';
import type { StoreName } from './tx';
import type { Registry } from './registry/registry';
import { StoreError } from './store/types';
import type { Lease, Store } from './store/types';
import type { PullResult } from './pull';
import type { RmiRecord, HistoryRow } from './images';
import { findImage, imageHistory, imageSize, pruneImages, removeImage, tagImage } from './images';
import type { CreateOptions } from './containers';
import {
  createContainer,
  findContainer,
  pauseContainer,
  removeContainer,
  renameContainer,
  startContainer,
  stopContainer,
} from './containers';
import type { CommitOptions, CommitResult } from './commit';
import { containerDiff } from './diff';
import { inspectContainer, inspectImage } from './inspect';
import { systemDf } from './df';
import { checkInvariants } from './invariants';
import { BUILD_CACHE_KEY, opsOf, restore, snapshotOf } from './persist';
import type { HostSnapshot } from './snapshot';
import { emptySnapshot, putBack, takeSnapshot } from './snapshot';
import type { LoadOptions, LoadResult } from './load';
import type { BuildRequest, BuildResult } from './build/executor';
import type { PrunedCache } from './build/cache';
import type { Upper } from './fs/upper';
import { changeFs } from './runtime/container-fs';
import type { HttpResponse } from './runtime/http';
import { findByPort, serve } from './runtime/http';

/** Why an undo step from before another tab's changes cannot be put back. */
export const OTHER_TAB_CHANGED =
  'another tab changed this host since then, so that step cannot be undone here';

export interface EngineOptions {
  platform: Platform;
  registry: Registry;
  store?: Store;
  settings?: Partial<Settings>;
  /** How to wait between simulated download ticks; defaults to a timer (or moving a fixed clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Empties the host's maps and home, before a snapshot is read into it. */
function emptyHost(s: HostState): void {
  s.layers.clear();
  s.images.clear();
  s.tags.clear();
  s.containers.clear();
  s.blobs.clear();
  s.buildCache.clear();
  s.home = newHome();
}

export class Engine implements Core {
  readonly state = new HostState();
  readonly events = new Emitter();
  readonly platform: Platform;
  readonly registry: Registry;
  readonly settings: Settings;
  readonly store: Store | undefined;
  private current: Tx | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly chainMemo = new Map<string, ChainId>();
  private readonly sleeper: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** False once the store refused a write: the host then lives in memory only. */
  private persisting = true;
  /** How many times another tab's writes were read in: snapshots from before cannot be put back. */
  private epoch = 0;
  private readonly snapshotEpochs = new WeakMap<HostSnapshot, number>();
  private catchUpQueued = false;

  private constructor(opts: EngineOptions) {
    this.platform = opts.platform;
    this.registry = opts.registry;
    this.store = opts.store;
    this.settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    this.sleeper = opts.sleep ?? defaultSleep;
    this.store?.onExternalChange?.(() => this.catchUp());
  }

  /** Opens a host, restoring what the store holds. `problems` lists records that could not be read. */
  static async open(opts: EngineOptions): Promise<{ engine: Engine; problems: string[] }> {
    const engine = new Engine(opts);
    let problems: string[] = [];
    if (opts.store) {
      const snap = await opts.store.load();
      problems = [...(snap.problems ?? []).map((p) => p.message), ...(await restore(engine, snap.stores))];
    }
    return { engine, problems };
  }

  // ---- Core ----
  tx(): Tx {
    if (!this.current) throw new Error('engine state changed outside a command');
    return this.current;
  }
  sha256Hex(data: Uint8Array | string): string {
    return sha256Hex(this.platform, data);
  }
  chainIdsOf(diffIds: readonly DiffId[]): ChainId[] {
    return chainIdsOf(this.platform, diffIds, this.chainMemo);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.sleeper(ms, signal);
  }

  on(fn: (e: EngineEvent) => void): () => void {
    return this.events.on(fn);
  }

  /**
   * Runs `fn` as one command: queued, all-or-nothing in memory and in the store. Engine calls made
   * inside `fn` join it (a whole shell line is one transaction).
   */
  command<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.current) return Promise.resolve().then(fn); // nested: part of the command under way
    return this.exclusive(fn);
  }

  /**
   * One command in the queue. With a store that other tabs share, it first takes the store's turn
   * (other tabs wait) and, if another tab wrote meanwhile, reads the host again before `fn` sees it.
   */
  private exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = async () => {
      // The turn is taken and another tab's writes read in before `current` is set, so that nothing
      // called meanwhile is mistaken for a part of this command.
      const lease = await this.takeLease();
      try {
        if (lease?.stale) await this.readAgain();
      } catch (e) {
        lease?.release();
        throw e;
      }
      const tx = new Tx();
      this.current = tx;
      try {
        const out = await fn();
        if (this.persisting && this.store && tx.dirty.size) {
          try {
            await this.store.apply(opsOf(this, tx));
          } catch (e) {
            // Full or closed: this command is undone below; the next ones run in memory only.
            if (e instanceof StoreError && (e.kind === 'quota' || e.kind === 'unavailable')) this.detach(e);
            throw e;
          }
        }
        return out;
      } catch (e) {
        tx.rollback();
        this.events.emit({ type: 'rolled-back', reason: (e as Error).message });
        throw e;
      } finally {
        this.current = undefined;
        lease?.release();
      }
    };
    return this.enqueue(run);
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async takeLease(): Promise<Lease | undefined> {
    if (!this.persisting || !this.store?.lease) return undefined;
    let waited = false;
    try {
      const lease = await this.store.lease(() => {
        waited = true;
        this.events.emit({ type: 'turn', waiting: true });
      });
      if (waited) this.events.emit({ type: 'turn', waiting: false });
      return lease;
    } catch (e) {
      if (waited) this.events.emit({ type: 'turn', waiting: false });
      if (!(e instanceof StoreError)) throw e;
      this.detach(e);
      return undefined;
    }
  }

  /** Another tab wrote: this host becomes what the store now holds (the store is not written). */
  private async readAgain(): Promise<void> {
    if (!this.store) return;
    const snap = await this.store.load();
    emptyHost(this.state);
    this.state.lastPid = 0;
    await restore(this, snap.stores);
    this.epoch += 1;
    this.events.emit({ type: 'restored' });
    this.events.emit({ type: 'synced' });
  }

  /** Stops writing to the store after it failed; the host goes on in memory. */
  private detach(error: StoreError): void {
    if (!this.persisting) return;
    this.persisting = false;
    this.events.emit({ type: 'store-failed', kind: error.kind, message: error.message });
  }

  /** Whether commands are still written to the store (false without one, or after it failed). */
  get saving(): boolean {
    return this.persisting && this.store !== undefined;
  }

  /** Catches up with another tab's writes while this one is idle (queued like a command). */
  private catchUp(): void {
    if (this.catchUpQueued) return;
    this.catchUpQueued = true;
    this.enqueue(async () => {
      this.catchUpQueued = false;
      const lease = await this.takeLease();
      try {
        if (lease?.stale) await this.readAgain();
      } finally {
        lease?.release();
      }
    }).catch(() => undefined);
  }

  // ---- images ----
  pull(ref: string, signal?: AbortSignal): Promise<PullResult> {
    return this.command(async () => {
      // Loaded with the first pull, as the registry's gzip code is.
      const { pull } = await import('./pull');
      return pull(this, ref, signal);
    });
  }
  setSpeed(speed: PullSpeed): Promise<void> {
    return this.command(() => {
      const before = this.settings.speed;
      this.tx().onUndo(() => (this.settings.speed = before));
      this.settings.speed = speed;
      this.tx().mark('meta', 'settings');
    });
  }
  image(ref: string): ImageRec {
    return findImage(this, ref);
  }
  listImages(): { image: ImageRec; tags: string[]; size: number }[] {
    return [...this.state.images.values()].map((image) => ({
      image,
      tags: this.state.tagsOf(image.id),
      size: imageSize(this, image),
    }));
  }
  tag(source: string, target: string): Promise<void> {
    return this.command(() => tagImage(this, source, target));
  }
  /** `docker rmi A B …`: each argument on its own; errors are collected, successes kept. */
  rmi(
    refs: readonly string[],
    force = false,
    prune = true,
  ): Promise<{ ref: string; records?: RmiRecord[]; error?: DockerError }[]> {
    return this.command(() =>
      refs.map((ref) => {
        try {
          return { ref, records: removeImage(this, ref, force, prune) };
        } catch (e) {
          // removeImage checks every conflict before it changes anything, so a refusal leaves no trace
          if (!(e instanceof DockerError)) throw e;
          return { ref, error: e };
        }
      }),
    );
  }
  pruneImages(all = false): Promise<{ records: RmiRecord[]; reclaimed: number }> {
    return this.command(() => pruneImages(this, all));
  }
  history(ref: string): HistoryRow[] {
    return imageHistory(this, ref);
  }
  inspectImage(ref: string): Record<string, unknown> {
    return inspectImage(this, ref);
  }

  // ---- containers ----
  container(ref: string): ContainerRec {
    return findContainer(this, ref);
  }
  listContainers(all = false): ContainerRec[] {
    return [...this.state.containers.values()]
      .filter(
        (c) =>
          all ||
          c.state.status === 'running' ||
          c.state.status === 'paused' ||
          c.state.status === 'restarting',
      )
      .sort((a, b) => b.created - a.created);
  }
  create(opts: CreateOptions): Promise<ContainerRec> {
    return this.command(() => createContainer(this, opts));
  }
  /** Creates and starts in one command; a failed start leaves the container created, as Docker does. */
  async run(opts: CreateOptions): Promise<{ container: ContainerRec; startError?: DockerError }> {
    const container = await this.create(opts);
    try {
      await this.start(container.id);
    } catch (e) {
      if (e instanceof DockerError) return { container, startError: e };
      throw e;
    }
    return { container };
  }
  start(ref: string): Promise<ContainerRec> {
    return this.command(() => {
      const c = findContainer(this, ref);
      startContainer(this, c);
      return c;
    });
  }
  stop(ref: string): Promise<ContainerRec> {
    return this.command(() => {
      const c = findContainer(this, ref);
      stopContainer(this, c, 'TERM');
      return c;
    });
  }
  kill(ref: string): Promise<ContainerRec> {
    return this.command(() => {
      const c = findContainer(this, ref);
      stopContainer(this, c, 'KILL');
      return c;
    });
  }
  restart(ref: string): Promise<ContainerRec> {
    return this.command(() => {
      const c = findContainer(this, ref);
      stopContainer(this, c, 'TERM');
      startContainer(this, c);
      return c;
    });
  }
  pause(ref: string, pause = true): Promise<ContainerRec> {
    return this.command(() => {
      const c = findContainer(this, ref);
      pauseContainer(this, c, pause);
      return c;
    });
  }
  rename(ref: string, name: string): Promise<void> {
    return this.command(() => renameContainer(this, findContainer(this, ref), name));
  }
  rm(ref: string, force = false): Promise<void> {
    return this.command(() => removeContainer(this, findContainer(this, ref), force));
  }
  pruneContainers(): Promise<{ removed: string[]; reclaimed: number }> {
    return this.command(() => {
      const removed: string[] = [];
      let reclaimed = 0;
      for (const c of [...this.state.containers.values()]) {
        if (c.state.status === 'running' || c.state.status === 'paused') continue;
        reclaimed += c.upper.size;
        removeContainer(this, c, false);
        removed.push(c.id);
      }
      return { removed, reclaimed };
    });
  }
  commit(opts: CommitOptions): Promise<CommitResult> {
    return this.command(async () => {
      // Loaded with the first commit: the tar writer and digests it needs are not used before.
      const { commitContainer } = await import('./commit');
      return commitContainer(this, opts);
    });
  }
  diff(ref: string): { kind: 'A' | 'C' | 'D'; path: string }[] {
    return containerDiff(this, ref);
  }
  inspectContainer(ref: string): Record<string, unknown> {
    return inspectContainer(this, ref);
  }
  /** Checks that a container can take an exec; "No such container" wins over "not running". */
  execTarget(ref: string): ContainerRec {
    const c = findContainer(this, ref);
    if (c.state.status === 'paused')
      throw new DockerError(`container ${c.id} is paused, unpause the container before exec`, 'conflict');
    if (c.state.status !== 'running') throw new DockerError(`container ${c.id} is not running`, 'conflict');
    return c;
  }
  /** Runs a filesystem change inside a running container as one command (copy-up, whiteouts, events). */
  changeFs<T>(ref: string, fn: (upper: Upper, ctr: ContainerRec) => T): Promise<T> {
    return this.command(() => {
      const c = findContainer(this, ref);
      return changeFs(this, c, (u) => fn(u, c));
    });
  }
  /** A request to `localhost:<port>`; null when nothing listens there. */
  http(port: number, path: string, method = 'GET'): Promise<HttpResponse | null> {
    return this.command(() => {
      const c = findByPort(this, port);
      return c ? serve(this, c, method, path) : null;
    });
  }

  // ---- builds ----
  // The Dockerfile frontend and executor are loaded with the first build.
  /** `docker build`: one command; a failed build keeps what its finished steps left in the cache. */
  build(req: BuildRequest): Promise<BuildResult> {
    return this.command(async () => {
      const { runBuild } = await import('./build/executor');
      return runBuild(this, req);
    });
  }
  /** `docker builder prune [-a]`: the build cache's dangling records (all with `all`) and their layers. */
  pruneBuildCache(all = false): Promise<PrunedCache> {
    return this.command(async () => {
      const { pruneBuildCache } = await import('./build/cache');
      return pruneBuildCache(this, all);
    });
  }

  // ---- the host's home directory ----
  /** Runs a change to the learner's home directory on the host as one command. */
  changeHome<T>(fn: (upper: Upper) => T): Promise<T> {
    return this.command(() => {
      const s = this.state;
      const snapshot = s.home.clone();
      this.tx().touch(s, 'meta', 'home', () => ({ home: snapshot }));
      return fn(s.home);
    });
  }

  // ---- archives ----
  // The archive and session code (tar, gzip) is loaded when first used: a page that never saves,
  // loads or exports does not download it.
  /** `docker save`: a Docker 25+ archive (OCI layout + manifest.json) of the images, in chunks. */
  async save(refs: readonly string[]): Promise<Uint8Array[]> {
    const { saveImages } = await import('./archive');
    return [...saveImages(this, refs)];
  }
  /** `docker export`: the container's flattened filesystem as a tar, in chunks. */
  async exportContainer(ref: string): Promise<Uint8Array[]> {
    const { exportContainer } = await import('./archive');
    return [...exportContainer(this, ref)];
  }
  /** `docker load`: registers an archive's images as one command; a bad layer digest changes nothing. */
  load(
    chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    opts: LoadOptions = {},
  ): Promise<LoadResult> {
    return this.command(async () => {
      const { loadArchive } = await import('./load');
      return loadArchive(this, chunks, opts);
    });
  }

  // ---- sessions ----
  /** The whole host as a session file (the same format as the Node runner's `--state` file). */
  async exportSession(gzip = false): Promise<Uint8Array> {
    const { exportSession } = await import('./store/session');
    return exportSession(snapshotOf(this), { gzip });
  }

  /**
   * Replaces the whole host with a session file's, as one command: a file that cannot be read, or a
   * store that refuses the write, leaves the host as it was. Returns what could not be read.
   */
  async importSession(bytes: Uint8Array): Promise<string[]> {
    const { importSession } = await import('./store/session');
    const snap = importSession(bytes);
    return this.command(async () => {
      const tx = this.tx();
      const s = this.state;
      const saved = {
        layers: new Map(s.layers),
        images: new Map(s.images),
        tags: new Map(s.tags),
        containers: new Map(s.containers),
        blobs: new Map(s.blobs),
        buildCache: new Map(s.buildCache),
        home: s.home,
        settings: { ...this.settings },
      };
      tx.onUndo(() => {
        for (const k of ['layers', 'images', 'tags', 'containers', 'blobs', 'buildCache'] as const) {
          const m = s[k] as Map<unknown, unknown>;
          m.clear();
          for (const [a, b] of saved[k] as Map<unknown, unknown>) m.set(a, b);
        }
        s.home = saved.home;
        Object.assign(this.settings, saved.settings);
      });
      for (const [store, key] of [
        ...[...s.layers.keys()].map((k) => ['layers', k] as const),
        ...[...s.images.keys()].map((k) => ['images', k] as const),
        ...[...s.tags.keys()].map((k) => ['tags', k] as const),
        ...[...s.containers.keys()].map((k) => ['containers', k] as const),
        ...[...s.blobs.keys()].map((k) => ['blobs', k] as const),
      ])
        tx.mark(store, key);
      emptyHost(s);
      const problems = await restore(this, snap.stores);
      for (const [store, m] of Object.entries(snap.stores))
        for (const k of m.keys()) tx.mark(store as StoreName, k);
      tx.mark('meta', 'settings');
      tx.mark('meta', 'home');
      tx.mark('meta', BUILD_CACHE_KEY);
      this.events.emit({ type: 'restored' });
      return problems;
    });
  }

  // ---- snapshots (undo, reset) ----
  /** The host's records now, in memory; cheap: layers, blobs and file entries are shared, not copied. */
  snapshot(): HostSnapshot {
    const snap = takeSnapshot(this);
    this.snapshotEpochs.set(snap, this.epoch);
    return snap;
  }
  /**
   * Puts the whole host back as it was in `snap`, as one command (stored; all or nothing). A snapshot
   * taken before another tab's changes were read in is refused: putting it back would undo that tab's work.
   */
  restore(snap: HostSnapshot): Promise<void> {
    return this.command(() => {
      const taken = this.snapshotEpochs.get(snap);
      if (taken !== undefined && taken !== this.epoch) throw new Error(OTHER_TAB_CHANGED);
      putBack(this, snap);
    });
  }
  /** Back to an empty host: no images, containers or home files; the settings are kept. */
  reset(): Promise<void> {
    return this.restore(emptySnapshot());
  }

  // ---- system ----
  df() {
    return systemDf(this);
  }
  invariants(opts?: { afterPrune?: boolean }): string[] {
    return checkInvariants(this, opts);
  }
}
