import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  IdbStore,
  STORE_NAMES,
  StoreError,
  addStores,
  defineSchema,
  salvageIdb,
} from '../../src/engine/store';
import { contents, sampleOps } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** Opens the raw database, for checking what IdbStore wrote and for planting bad records. */
function raw(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function put(db: IDBDatabase, store: string, key: IDBValidKey, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

describe('IdbStore', () => {
  it('a new database gets one object store per record kind, at the schema version', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.close();
    const db = await raw(factory, 'lab');
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    expect(db.version).toBe(1);
    db.close();
  });

  it('a quota error midway through an apply writes none of it', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.apply([{ store: 'tags', key: 'keep', value: 'old' }]);
    const real = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++calls === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return real.apply(this, args);
    });
    const error = await rejection(
      store.apply([
        { store: 'tags', key: 'keep', value: 'new' },
        { store: 'images', key: 'i', value: { a: 1 } },
        { store: 'blobs', key: 'b', value: new Uint8Array(8) },
      ]),
    );
    expect(calls).toBe(3);
    expect(error.kind).toBe('quota');
    expect(error.message).toBe(
      "nothing was written: the browser's storage for this site is full (QuotaExceededError: The quota has been exceeded.)",
    );
    vi.restoreAllMocks();
    await store.close();
    const reopened = await IdbStore.open('lab', { indexedDB: factory });
    const after = contents(await reopened.load());
    expect(after.tags).toEqual([['keep', 'old']]);
    expect(after.images).toEqual([]);
    await reopened.close();
  });

  it('a transaction aborted after its writes were queued writes none of them', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.apply([{ store: 'meta', key: 'n', value: 1 }]);
    const real = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = real.apply(this, args);
      // As when the browser gives up on the commit, after every request was accepted (the first put
      // is the store's generation counter, then the two writes).
      const tx = this.transaction;
      if (++puts === 3) queueMicrotask(() => tx.abort());
      return request;
    });
    const error = await rejection(
      store.apply([
        { store: 'meta', key: 'n', value: 2 },
        { store: 'meta', key: 'm', value: 3 },
      ]),
    );
    expect(puts).toBe(3);
    expect([error.kind, error.message]).toEqual([
      'aborted',
      'nothing was written: the transaction was aborted (AbortError)',
    ]);
    vi.restoreAllMocks();
    expect(contents(await store.load()).meta).toEqual([['n', 1]]);
    await store.close();
  });

  it('reports records it cannot use and loads the rest', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.apply([{ store: 'tags', key: 'good', value: 'sha256:1' }]);
    const db = await raw(factory, 'lab');
    await put(db, 'tags', 42, 'numeric key');
    await put(db, 'images', 'dated', { created: new Date(0) });
    db.close();
    const snapshot = await store.load();
    expect(contents(snapshot).tags).toEqual([['good', 'sha256:1']]);
    expect(contents(snapshot).images).toEqual([]);
    expect(snapshot.problems).toEqual([
      { store: 'images', key: 'dated', message: 'value at .created: a Date cannot be stored' },
      { store: 'tags', message: 'a record has a key that is not a string (42); it was left out' },
    ]);
    await store.close();
  });

  it('when a read fails, reads record by record and loses only the unreadable one', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.apply([
      { store: 'blobs', key: 'a', value: new Uint8Array([1]) },
      { store: 'blobs', key: 'b', value: new Uint8Array([2]) },
      { store: 'blobs', key: 'c', value: new Uint8Array([3]) },
    ]);
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('Failed to read large IndexedDB value', 'DataError');
    });
    const get = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, key) {
      if (key === 'b') throw new DOMException('Failed to read large IndexedDB value', 'DataError');
      return get.call(this, key);
    });
    const snapshot = await store.load();
    expect(contents(snapshot).blobs).toEqual([
      ['a', new Uint8Array([1])],
      ['c', new Uint8Array([3])],
    ]);
    expect(snapshot.problems).toEqual([
      {
        message:
          'reading the stores at once failed (DataError: Failed to read large IndexedDB value); they were read record by record',
      },
      {
        store: 'blobs',
        key: 'b',
        message: 'the record could not be read (DataError: Failed to read large IndexedDB value)',
      },
    ]);
    await store.close();
  });

  it('without indexedDB, open fails as unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const error = await rejection(IdbStore.open('lab'));
    expect([error.kind, error.message]).toEqual(['unavailable', 'IndexedDB is not available']);
  });

  it('when the browser refuses IndexedDB (private mode, sandbox), open fails as unavailable', async () => {
    const refusing = {
      open: () => {
        throw new DOMException(
          'access to the Indexed Database API is denied in this context',
          'SecurityError',
        );
      },
    } as unknown as IDBFactory;
    const error = await rejection(IdbStore.open('lab', { indexedDB: refusing }));
    expect([error.kind, error.message]).toEqual([
      'unavailable',
      'IndexedDB is not available (SecurityError: access to the Indexed Database API is denied in this context)',
    ]);
  });

  it('a newer tab opening the database closes this connection instead of blocking it', async () => {
    const factory = new IDBFactory();
    const closed: string[] = [];
    const old = await IdbStore.open('lab', { indexedDB: factory, onClose: (why) => closed.push(why) });
    await old.apply([{ store: 'tags', key: 't', value: 'v1' }]);
    const v2 = defineSchema([addStores(STORE_NAMES), addStores(['lessons'])]);
    const blocked = vi.fn();
    const newer = await IdbStore.open('lab', { indexedDB: factory, schema: v2, onBlocked: blocked });
    expect(closed).toEqual(['versionchange']);
    expect(blocked).not.toHaveBeenCalled();
    const error = await rejection(old.apply([{ store: 'tags', key: 't', value: 'stale' }]));
    expect([error.kind, error.message]).toEqual([
      'unavailable',
      'nothing was written: another tab opened a newer Layer Lab; reload this page',
    ]);
    expect(contents(await newer.load()).tags).toEqual([['t', 'v1']]);
    await newer.close();
  });

  it('a database from a newer Layer Lab is refused with its schema number', async () => {
    const factory = new IDBFactory();
    const v3 = defineSchema([addStores(STORE_NAMES), addStores(['a']), addStores(['b'])]);
    await (await IdbStore.open('lab', { indexedDB: factory, schema: v3 })).close();
    const error = await rejection(IdbStore.open('lab', { indexedDB: factory }));
    expect([error.kind, error.message]).toEqual(['version', 'made by a newer Layer Lab (schema 3)']);
  });
});

describe('salvageIdb', () => {
  it('reads a database at its own version without upgrading it', async () => {
    const factory = new IDBFactory();
    const store = await IdbStore.open('lab', { indexedDB: factory });
    await store.apply(sampleOps());
    const written = contents(await store.load());
    await store.close();
    const salvaged = await salvageIdb('lab', { indexedDB: factory });
    expect(salvaged.schema).toBe(1);
    expect(contents(salvaged)).toEqual(written);
    expect(salvaged.problems).toBeUndefined();
  });

  it('a missing database gives an empty snapshot and is not created', async () => {
    const factory = new IDBFactory();
    expect(await salvageIdb('nothing', { indexedDB: factory })).toEqual({ schema: 0, stores: {} });
    expect(await factory.databases()).toEqual([]);
  });
});
