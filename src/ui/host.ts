// Opens the simulated Docker host in the browser: kept in IndexedDB, the catalog fetched next to the
// page. When IndexedDB cannot be used (private windows, a newer database, a failed upgrade, damaged
// records) the host runs in memory, the database is left as it was, and the page's storage notice
// says why (see storage-status.ts), rather than not starting at all.

import type { PullSpeed } from '../engine/core';
import { Engine } from '../engine/engine';
import { snapshotOf } from '../engine/persist';
import type { Platform } from '../engine/platform';
import { FetchCatalogSource } from '../engine/registry/fetch-source';
import { Registry } from '../engine/registry/registry';
// The store modules directly, not the store's index: it also re-exports the session file code,
// which the engine loads only when a session is exported or imported.
import { IdbStore, salvageIdb } from '../engine/store/idb';
import { MemoryStore } from '../engine/store/memory';
import type { Store } from '../engine/store/types';
import { t } from '../i18n';
import { browserPlatform } from './platform';
import { SAVED, stateOfOpenError } from './storage-status';
import type { StorageState } from './storage-status';

export const DATABASE_NAME = 'layer-lab';

export interface BrowserHost {
  engine: Engine;
  /** What the learner should know about how this host was opened (memory only, unreadable records). */
  notices: string[];
  /** Where the host is kept, and why not in IndexedDB when it is not. */
  storage: StorageState;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The storage state of each host this page opened, for the notice (App only passes the engine on).
const states = new WeakMap<Engine, StorageState>();

/** How `engine`'s host was opened; a host not opened here (a share link's replay) needs no notice. */
export function storageOf(engine: Engine): StorageState {
  return states.get(engine) ?? SAVED;
}

/** Records how `engine`'s host was opened, for the notice (openBrowserHost; component tests). */
export function rememberStorage(engine: Engine, storage: StorageState): void {
  states.set(engine, storage);
}

export interface OpenDeps {
  platform: Platform;
  registry: Registry;
  settings: { speed: PullSpeed };
  /** Opens the saved host's store (IndexedDB in the page; tests pass fake-indexeddb's). */
  openStore: () => Promise<Store>;
}

/**
 * Opens the host on the store `openStore` gives, falling back to memory: an empty host when the store
 * cannot be opened or read, what could be read when some records could not (the store is then closed
 * and never written again, so nothing more of it is lost). Never deletes or changes the database.
 */
export async function openHostOn(
  deps: OpenDeps,
): Promise<Omit<BrowserHost, 'notices'> & { notices: string[] }> {
  const { platform, registry, settings } = deps;
  const inMemory = async (snapshot?: ReturnType<typeof snapshotOf>) =>
    (await Engine.open({ platform, registry, settings, store: new MemoryStore({ snapshot }) })).engine;

  let store: Store;
  try {
    store = await deps.openStore();
  } catch (error) {
    return {
      engine: await inMemory(),
      notices: [t('host.memoryOnly', { reason: reason(error) })],
      storage: stateOfOpenError(error),
    };
  }

  let opened: { engine: Engine; problems: string[] };
  try {
    opened = await Engine.open({ platform, registry, store, settings });
  } catch (error) {
    // The saved session cannot be read at all: start afresh in memory, leaving the database untouched.
    await store.close().catch(() => undefined);
    return {
      engine: await inMemory(),
      notices: [t('host.afresh', { reason: reason(error) })],
      storage: { kind: 'unreadable', reason: reason(error) },
    };
  }
  if (opened.problems.length === 0) return { engine: opened.engine, notices: [], storage: SAVED };

  // Damaged records: what could be read goes on in memory; the damaged database is not written again.
  const read = snapshotOf(opened.engine);
  await store.close().catch(() => undefined);
  return {
    engine: await inMemory(read),
    notices: opened.problems.map((problem) => t('host.leftOut', { problem })),
    storage: { kind: 'damaged', leftOut: opened.problems },
  };
}

export async function openBrowserHost(opts: { speed?: PullSpeed } = {}): Promise<BrowserHost> {
  const settings = { speed: opts.speed ?? 'realistic' };
  // hash-wasm is fetched and compiled while IndexedDB opens: neither waits for the other.
  const platformReady = browserPlatform();
  const storeReady = IdbStore.open(DATABASE_NAME).then(
    (opened): { store: Store } | { error: unknown } => ({ store: opened }),
    (error: unknown) => ({ error }),
  );
  const { platform, wasm } = await platformReady;
  const registry = new Registry(new FetchCatalogSource('./catalog/', (url) => fetch(url)));
  const host = await openHostOn({
    platform,
    registry,
    settings,
    openStore: async () => {
      const opened = await storeReady;
      if ('error' in opened) throw opened.error;
      return opened.store;
    },
  });
  if (!wasm) host.notices.unshift(t('host.noWasm'));
  rememberStorage(host.engine, host.storage);
  return host;
}

/**
 * The saved database as a session file, read as it is (no upgrade, no change): what the learner can
 * keep when this Layer Lab cannot open it. Records that could not be read are left out.
 */
export async function salvageSession(
  name = DATABASE_NAME,
  options: { indexedDB?: IDBFactory } = {},
): Promise<Uint8Array> {
  const { exportSession } = await import('../engine/store/session');
  return exportSession(await salvageIdb(name, options));
}

/** Deletes the saved database (the learner confirmed it): the next page load starts an empty host. */
export function deleteSavedHost(
  name = DATABASE_NAME,
  options: { indexedDB?: IDBFactory; onBlocked?: () => void } = {},
): Promise<void> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('the database could not be deleted'));
    // Another tab still has it open: the delete goes ahead once that tab lets go.
    request.onblocked = () => options.onBlocked?.();
  });
}

/** `?speed=instant` (tests, impatient demos) or `?speed=classroom-slow`; realistic by default. */
export function speedFromQuery(search: string): PullSpeed {
  const speed = new URLSearchParams(search).get('speed');
  return speed === 'instant' || speed === 'classroom-slow' ? speed : 'realistic';
}
