// How the page opens the learner's host when its IndexedDB is in trouble (ui/host.ts openHostOn with
// fake-indexeddb): missing, from a newer Layer Lab, an upgrade that fails, damaged records, unreadable
// — each opens, runs in memory, names the trouble, and leaves the database exactly as it was; and the
// pure rules of the storage notice (ui/storage-status.ts).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/engine/registry/registry';
import {
  IdbStore,
  MIGRATIONS,
  StoreError,
  addStores,
  defineSchema,
  importSession,
} from '../../src/engine/store';
import type { Snapshot, Store } from '../../src/engine/store';
import { FileCatalogSource } from '../../src/node/catalog-source';
import { nodePlatform } from '../../src/node/platform';
import { deleteSavedHost, openHostOn, salvageSession } from '../../src/ui/host';
import {
  SAVED,
  needsNotice,
  offersAfresh,
  offersSalvage,
  sessionFileName,
  stateOfOpenError,
  stateOfStoreFailure,
} from '../../src/ui/storage-status';
import type { StorageState } from '../../src/ui/storage-status';
import { dumpHost } from '../helpers/dump';
import { textContent } from '../../src/engine/fs/content';

const registry = new Registry(new FileCatalogSource());
const NAME = 'layer-lab';

function open(openStore: () => Promise<Store>) {
  return openHostOn({ platform: nodePlatform(7, 0), registry, settings: { speed: 'instant' }, openStore });
}

/** Every record of database `name`, read raw, with its version: to prove nothing was changed. */
async function rawDump(factory: IDBFactory, name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const out: string[] = [`version ${db.version}`];
  for (const store of [...db.objectStoreNames].sort()) {
    const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
      const tx = db.transaction(store, 'readonly');
      const k = tx.objectStore(store).getAllKeys();
      const v = tx.objectStore(store).getAll();
      tx.oncomplete = () => resolve([k.result, v.result]);
      tx.onerror = () => reject(tx.error);
    });
    keys.forEach((key, i) => {
      const value = values[i];
      const shown =
        value instanceof Uint8Array ? `bytes(${value.length}:${[...value.slice(0, 16)].join(',')})` : value;
      out.push(`${store} ${String(key)} ${JSON.stringify(shown)}`);
    });
  }
  db.close();
  return out.join('\n');
}

function put(factory: IDBFactory, store: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(NAME);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(store, 'readwrite');
      if (value === undefined) tx.objectStore(store).delete(key);
      else tx.objectStore(store).put(value, key);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** A saved host with an image and a container, in a fresh fake IndexedDB. */
async function savedHost(): Promise<{ factory: IDBFactory; imageId: string; configKey: string }> {
  const factory = new IDBFactory();
  const host = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
  expect(host.storage).toEqual(SAVED);
  await host.engine.pull('alpine');
  await host.engine.create({ image: 'alpine', name: 'box' });
  const image = host.engine.image('alpine');
  await host.engine.store?.close();
  return { factory, imageId: image.id, configKey: image.id };
}

describe('opening the host when storage is in trouble', () => {
  it('a healthy database: saved, and the host reopens as it was', async () => {
    const { factory } = await savedHost();
    const host = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    expect(host.storage).toEqual(SAVED);
    expect(host.notices).toEqual([]);
    expect(host.engine.saving).toBe(true);
    expect(host.engine.listImages().map((i) => i.tags)).toEqual([['alpine:latest']]);
    await host.engine.store?.close();
  });

  it('no IndexedDB (private window): an empty host in memory that works, and the reason', async () => {
    const host = await open(() =>
      Promise.reject(new StoreError('unavailable', 'IndexedDB is not available')),
    );
    expect(host.storage).toEqual({ kind: 'unavailable', reason: 'IndexedDB is not available' });
    expect(host.engine.store?.kind).toBe('memory');
    expect(host.notices.join('\n')).toContain('IndexedDB is not available');
    await host.engine.pull('alpine');
    expect(host.engine.listImages()).toHaveLength(1);
  });

  it('a database from a newer Layer Lab: memory, untouched, and what it holds can still be exported', async () => {
    const factory = new IDBFactory();
    const newer = defineSchema([...MIGRATIONS, addStores(['lessons'])]);
    const store = await IdbStore.open(NAME, { indexedDB: factory, schema: newer });
    await store.apply([{ store: 'lessons', key: 'intro', value: { step: 3 } }]);
    await store.close();
    const before = await rawDump(factory, NAME);

    const host = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    expect(host.storage.kind).toBe('newer');
    expect(host.storage.kind === 'newer' && host.storage.reason).toContain('newer Layer Lab (schema 2)');
    expect(host.engine.store?.kind).toBe('memory');
    expect(await rawDump(factory, NAME)).toBe(before);

    const text = new TextDecoder().decode(await salvageSession(NAME, { indexedDB: factory }));
    expect(text.startsWith('{"format":"layerlab-session","schema":2,')).toBe(true);
    expect(text).toContain('["intro",{"step":3}]');
    expect(await rawDump(factory, NAME)).toBe(before);
  });

  it('an upgrade that fails: memory, the old database untouched, and its export brings the host back', async () => {
    const { factory } = await savedHost();
    const before = await rawDump(factory, NAME);
    const broken = defineSchema([
      ...MIGRATIONS,
      (s: Snapshot) => {
        if (s.stores.images?.size) throw new Error('cannot convert the images');
        return s;
      },
    ]);

    const host = await open(() => IdbStore.open(NAME, { indexedDB: factory, schema: broken }));
    expect(host.storage.kind).toBe('migration-failed');
    expect(host.storage.kind === 'migration-failed' && host.storage.reason).toContain(
      'cannot convert the images',
    );
    expect(host.engine.listImages()).toEqual([]);
    expect(await rawDump(factory, NAME)).toBe(before);

    // What the learner downloads opens in this Layer Lab as the host that was saved.
    const bytes = await salvageSession(NAME, { indexedDB: factory });
    expect(importSession(bytes).problems ?? []).toEqual([]);
    const left = await host.engine.importSession(bytes);
    expect(left).toEqual([]);
    expect(host.engine.listImages().map((i) => i.tags)).toEqual([['alpine:latest']]);
    expect(host.engine.listContainers(true).map((c) => c.name)).toEqual(['box']);
    expect(await rawDump(factory, NAME)).toBe(before);
  });

  it('damaged records: opens what could be read, lists the rest, and never writes the damaged database', async () => {
    const { factory, configKey } = await savedHost();
    await put(factory, 'blobs', configKey, undefined); // the image's config blob, deleted by hand
    await put(factory, 'tags', 'broken:1', 42); // a tag pointing nowhere
    await put(factory, 'containers', 'zzz', 'not a container'); // garbage where a container was
    const before = await rawDump(factory, NAME);

    const host = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    expect(host.storage.kind).toBe('damaged');
    const leftOut = host.storage.kind === 'damaged' ? host.storage.leftOut.join('\n') : '';
    expect(leftOut).toContain('its config is missing');
    expect(leftOut).toContain('tag broken:1: its image is missing');
    expect(host.notices.length).toBe(host.storage.kind === 'damaged' ? host.storage.leftOut.length : -1);
    expect(host.engine.store?.kind).toBe('memory');

    // It works in memory (the image's layers are still there; pulling brings the config back).
    await host.engine.pull('alpine');
    await host.engine.run({ image: 'alpine', name: 'again' });
    expect(host.engine.invariants()).toEqual([]);
    expect(await rawDump(factory, NAME)).toBe(before);

    // What was read exports, and imports into a fresh host as the same host.
    const exported = await host.engine.exportSession();
    const other = await open(() => Promise.reject(new StoreError('unavailable', 'none')));
    expect(await other.engine.importSession(exported)).toEqual([]);
    expect(dumpHost(other.engine)).toEqual(dumpHost(host.engine));

    // Start afresh: the database is deleted; the next open is an empty, saved host.
    await deleteSavedHost(NAME, { indexedDB: factory });
    const fresh = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    expect(fresh.storage).toEqual(SAVED);
    expect(fresh.engine.listImages()).toEqual([]);
    await fresh.engine.store?.close();
  });

  it('damaged file contents: the image on that layer is left out with it, so the host opened is whole', async () => {
    const factory = new IDBFactory();
    const host = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    await host.engine.pull('alpine');
    await host.engine.create({ image: 'alpine', name: 'box' });
    await host.engine.changeFs('box', (u) =>
      u.writeFile('/big', textContent('x'.repeat(100_000)), { mtime: 1 }),
    );
    await host.engine.commit({ container: 'box', reference: 'snap:1' });
    const { id } = host.engine.image('snap:1');
    await host.engine.store?.close();
    const db = await IdbStore.open(NAME, { indexedDB: factory });
    const contents = [...((await db.load()).stores.blobs?.keys() ?? [])].filter((k) =>
      k.startsWith('layer-content/'),
    );
    expect(contents).toHaveLength(1);
    await db.apply(contents.map((key) => ({ store: 'blobs', key, delete: true as const })));
    await db.close();

    const damaged = await open(() => IdbStore.open(NAME, { indexedDB: factory }));
    const leftOut = damaged.storage.kind === 'damaged' ? damaged.storage.leftOut.join('\n') : '';
    expect(leftOut).toContain('the content of a file is missing');
    expect(leftOut).toContain(`image ${id}: its layer`);
    expect(leftOut).toContain('tag snap:1: its image is missing');
    expect(damaged.engine.invariants()).toEqual([]);
    expect(damaged.engine.listImages().map((i) => i.tags)).toEqual([['alpine:latest']]);
    expect(damaged.engine.listContainers(true).map((c) => c.name)).toEqual(['box']);
  });

  it('a store that cannot be read at all: an empty host in memory, and that store is closed, not written', async () => {
    let closed = false;
    const broken: Store = {
      kind: 'indexeddb',
      load: () => Promise.reject(new StoreError('unavailable', 'nothing was read: the database is closed')),
      apply: () => Promise.reject(new Error('must not be written')),
      close: async () => void (closed = true),
    };
    const host = await open(async () => broken);
    expect(host.storage).toEqual({ kind: 'unreadable', reason: 'nothing was read: the database is closed' });
    expect(closed).toBe(true);
    await host.engine.pull('alpine');
    expect(host.engine.store?.kind).toBe('memory');
  });
});

describe('the storage notice rules', () => {
  it('names the kind of trouble from the store error that stopped IndexedDB opening', () => {
    expect(stateOfOpenError(new StoreError('version', 'made by a newer Layer Lab (schema 3)'))).toEqual({
      kind: 'newer',
      reason: 'made by a newer Layer Lab (schema 3)',
    });
    expect(stateOfOpenError(new StoreError('corrupt', 'upgrade failed')).kind).toBe('migration-failed');
    expect(stateOfOpenError(new StoreError('unavailable', 'no')).kind).toBe('unavailable');
    expect(stateOfOpenError(new DOMException('denied', 'SecurityError'))).toEqual({
      kind: 'unavailable',
      reason: 'denied',
    });
  });

  it('a store failure during a command: full or closed, and only the first counts', () => {
    const full = stateOfStoreFailure(SAVED, { kind: 'quota', message: 'full' }, 'docker load -i big.tar');
    expect(full).toEqual({ kind: 'full', command: 'docker load -i big.tar', reason: 'full' });
    expect(stateOfStoreFailure(SAVED, { kind: 'unavailable', message: 'gone' }, null)).toEqual({
      kind: 'closed',
      command: null,
      reason: 'gone',
    });
    expect(stateOfStoreFailure(full, { kind: 'unavailable', message: 'later' }, 'ls')).toBe(full);
    const memory: StorageState = { kind: 'unavailable', reason: 'private window' };
    expect(stateOfStoreFailure(memory, { kind: 'quota', message: 'x' }, 'ls')).toBe(memory);
  });

  it('offers salvage only for databases it could not open, and deletion only for damaged ones', () => {
    const states: StorageState[] = [
      SAVED,
      { kind: 'unavailable', reason: '' },
      { kind: 'newer', reason: '' },
      { kind: 'migration-failed', reason: '' },
      { kind: 'unreadable', reason: '' },
      { kind: 'damaged', leftOut: ['x'] },
      { kind: 'full', command: null, reason: '' },
      { kind: 'closed', command: null, reason: '' },
    ];
    const pick = (f: (s: StorageState) => boolean) => states.filter(f).map((s) => s.kind);
    expect(pick(needsNotice)).toEqual(states.slice(1).map((s) => s.kind));
    expect(pick(offersSalvage)).toEqual(['newer', 'migration-failed', 'unreadable']);
    expect(pick(offersAfresh)).toEqual(['unreadable', 'damaged']);
  });

  it('names downloaded files by what they hold and the local time', () => {
    expect(sessionFileName('saved-host', new Date(2026, 0, 2, 3, 4))).toBe(
      'layerlab-saved-host-20260102-0304.json',
    );
    expect(sessionFileName('session', new Date(2026, 10, 28, 12, 30))).toBe(
      'layerlab-session-20261128-1230.json',
    );
  });
});
