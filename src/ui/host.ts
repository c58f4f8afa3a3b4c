// Opens the simulated Docker host in the browser: kept in IndexedDB, the catalog fetched next to the
// page. When IndexedDB cannot be used (private windows, a newer database) the host runs in memory and
// the notice says so, rather than not starting at all.

import type { PullSpeed } from '../engine/core';
import { Engine } from '../engine/engine';
import { FetchCatalogSource } from '../engine/registry/fetch-source';
import { Registry } from '../engine/registry/registry';
// The store modules directly, not the store's index: it also re-exports the session file code,
// which the engine loads only when a session is exported or imported.
import { IdbStore } from '../engine/store/idb';
import { MemoryStore } from '../engine/store/memory';
import type { Store } from '../engine/store/types';
import { t } from '../i18n';
import { browserPlatform } from './platform';

export const DATABASE_NAME = 'layer-lab';

export interface BrowserHost {
  engine: Engine;
  /** What the learner should know about how this host was opened (memory only, unreadable records). */
  notices: string[];
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function openBrowserHost(opts: { speed?: PullSpeed } = {}): Promise<BrowserHost> {
  const settings = { speed: opts.speed ?? 'realistic' };
  const notices: string[] = [];
  // hash-wasm is fetched and compiled while IndexedDB opens: neither waits for the other.
  const platformReady = browserPlatform();
  const storeReady = IdbStore.open(DATABASE_NAME).then(
    (opened): { store: Store } | { error: unknown } => ({ store: opened }),
    (error: unknown) => ({ error }),
  );
  const { platform, wasm } = await platformReady;
  if (!wasm) notices.push(t('host.noWasm'));
  const registry = new Registry(new FetchCatalogSource('./catalog/', (url) => fetch(url)));

  let store: Store;
  const opened = await storeReady;
  if ('store' in opened) {
    store = opened.store;
  } else {
    store = new MemoryStore();
    notices.push(t('host.memoryOnly', { reason: reason(opened.error) }));
  }

  try {
    const { engine, problems } = await Engine.open({ platform, registry, store, settings });
    for (const p of problems) notices.push(t('host.leftOut', { problem: p }));
    return { engine, notices };
  } catch (error) {
    // The saved session cannot be read at all: start afresh in memory, leaving the database untouched.
    if (store.kind !== 'memory') await store.close().catch(() => undefined);
    const { engine } = await Engine.open({ platform, registry, store: new MemoryStore(), settings });
    notices.push(t('host.afresh', { reason: reason(error) }));
    return { engine, notices };
  }
}

/** `?speed=instant` (tests, impatient demos) or `?speed=classroom-slow`; realistic by default. */
export function speedFromQuery(search: string): PullSpeed {
  const speed = new URLSearchParams(search).get('speed');
  return speed === 'instant' || speed === 'classroom-slow' ? speed : 'realistic';
}
