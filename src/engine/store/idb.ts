// The browser's store: one IndexedDB database, one object store per record kind, one IndexedDB
// transaction per `apply`. The only engine file allowed to touch the browser's indexedDB.

import { wrap } from 'idb';
import type { IDBPDatabase, IDBPObjectStore, IDBPTransaction } from 'idb';
import { CLOSED, Serial, checkOps } from './ops';
import { SCHEMA, STORE_NAME, migrate, newerMessage } from './schema';
import type { Schema } from './schema';
import { StoreError } from './types';
import type { Lease, Problem, Snapshot, Store, TxOp } from './types';
import { WriteNews, takeTurn } from './turns';
import { ValueError, copyValue, sameValue } from './value';

export interface IdbOptions {
  /** The IndexedDB factory (tests pass fake-indexeddb's); defaults to the browser's `indexedDB`. */
  indexedDB?: IDBFactory;
  schema?: Schema;
  /** This connection was closed: another tab is upgrading the database, or the browser closed it. */
  onClose?: (reason: 'versionchange' | 'forced') => void;
  /** An open connection elsewhere (another tab) delays this open until it closes. */
  onBlocked?: () => void;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: string; message?: string };
    return name && message && !message.startsWith(name) ? `${name}: ${message}` : String(message ?? name);
  }
  return String(error);
}

function nameOf(error: unknown): string | undefined {
  return (error as { name?: unknown } | null)?.name as string | undefined;
}

function unavailable(error?: unknown): StoreError {
  const detail = error === undefined ? '' : ` (${reasonOf(error)})`;
  return new StoreError('unavailable', `IndexedDB is not available${detail}`, { cause: error });
}

function factoryOf(options: { indexedDB?: IDBFactory }): IDBFactory {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  // idb recognises requests and databases with instanceof, so the IDB globals must exist too.
  if (!factory || typeof IDBRequest === 'undefined' || typeof IDBDatabase === 'undefined')
    throw unavailable();
  return factory;
}

/** Takes a record read from IndexedDB, or says why it cannot be used. */
function admit(
  records: Map<string, unknown>,
  store: string,
  key: IDBValidKey,
  value: unknown,
  problems: Problem[],
): void {
  if (typeof key !== 'string') {
    problems.push({
      store,
      message: `a record has a key that is not a string (${String(key)}); it was left out`,
    });
    return;
  }
  try {
    records.set(key, copyValue(value, { shareBytes: true }));
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    problems.push({ store, key, message: error.message });
  }
}

/** Reads one store key by key, each in its own transaction, so one unreadable record costs only itself. */
async function readOneByOne(
  db: IDBPDatabase,
  store: string,
  problems: Problem[],
): Promise<Map<string, unknown>> {
  const records = new Map<string, unknown>();
  let keys: IDBValidKey[];
  try {
    keys = await db.transaction(store, 'readonly').objectStore(store).getAllKeys();
  } catch (error) {
    problems.push({ store, message: `the store could not be read (${reasonOf(error)})` });
    return records;
  }
  for (const key of keys) {
    try {
      const tx = db.transaction(store, 'readonly');
      tx.done.catch(() => undefined);
      admit(records, store, key, await tx.objectStore(store).get(key), problems);
    } catch (error) {
      const problem = typeof key === 'string' ? { store, key } : { store };
      problems.push({ ...problem, message: `the record could not be read (${reasonOf(error)})` });
    }
  }
  return records;
}

/** Reads the named stores in one transaction; if that fails, record by record, listing what was lost. */
async function readStores(
  db: IDBPDatabase,
  names: readonly string[],
  problems: Problem[],
): Promise<Record<string, Map<string, unknown>>> {
  const stores: Record<string, Map<string, unknown>> = {};
  if (names.length === 0) return stores;
  try {
    const tx = db.transaction(names, 'readonly');
    tx.done.catch(() => undefined);
    const read = await Promise.all(
      names.map((name) => Promise.all([tx.objectStore(name).getAllKeys(), tx.objectStore(name).getAll()])),
    );
    const found: Problem[] = [];
    names.forEach((name, i) => {
      const [keys, values] = read[i] ?? [[], []];
      const records = (stores[name] = new Map());
      keys.forEach((key, j) => admit(records, name, key, values[j], found));
    });
    problems.push(...found);
    return stores;
  } catch (error) {
    if (nameOf(error) === 'InvalidStateError') throw error;
    problems.push({
      message: `reading the stores at once failed (${reasonOf(error)}); they were read record by record`,
    });
    for (const name of names) stores[name] = await readOneByOne(db, name, problems);
    return stores;
  }
}

/** The versionchange transaction's work: read what is there, run the migrations, write back the difference. */
async function upgrade(
  db: IDBPDatabase,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
  oldVersion: number,
  schema: Schema,
): Promise<void> {
  const before: Record<string, Map<string, unknown>> = {};
  for (const name of Array.from(db.objectStoreNames)) {
    const store = tx.objectStore(name);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    const records = (before[name] = new Map<string, unknown>());
    // Records with other keys are not ours to migrate: they stay where they are.
    keys.forEach((key, i) => typeof key === 'string' && records.set(key, values[i]));
  }
  const copy: Record<string, Map<string, unknown>> = {};
  for (const [name, records] of Object.entries(before)) copy[name] = structuredClone(records);
  const after = migrate({ schema: oldVersion, stores: copy }, schema);

  const writes: Promise<unknown>[] = [];
  for (const name of schema.stores) {
    const store: IDBPObjectStore<unknown, string[], string, 'versionchange'> = db.objectStoreNames.contains(
      name,
    )
      ? tx.objectStore(name)
      : db.createObjectStore(name);
    const old = before[name] ?? new Map<string, unknown>();
    const next = after.stores[name] ?? new Map<string, unknown>();
    for (const key of old.keys()) if (!next.has(key)) writes.push(store.delete(key));
    for (const [key, value] of next) {
      if (old.has(key) && sameValue(old.get(key), value)) continue;
      try {
        writes.push(store.put(copyValue(value, { shareBytes: true }), key));
      } catch (error) {
        throw new StoreError(
          'corrupt',
          `the migration to schema ${schema.version} left ${name} ${JSON.stringify(key)} unstorable: ${reasonOf(error)}`,
          { cause: error },
        );
      }
    }
  }
  // Only stores a migration dropped are deleted; stores this code never knew are left alone.
  for (const name of schema.storesAt[oldVersion] ?? []) {
    if (!schema.stores.includes(name) && db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
  }
  await Promise.all(writes);
}

async function storedVersion(factory: IDBFactory, name: string): Promise<number | undefined> {
  try {
    const db = await wrap(factory.open(name));
    const version = db?.version;
    db?.close();
    return version;
  } catch {
    return undefined;
  }
}

/**
 * The meta record counting the transactions written, by any tab: written in each `apply`'s own
 * transaction, so a tab that finds a number other than the one it last saw knows it is out of date.
 * It is the store's own bookkeeping: `load` does not hand it to the engine.
 */
export const GENERATION_KEY = 'generation';

function generationOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

export class IdbStore implements Store {
  readonly kind = 'indexeddb' as const;
  private readonly queue = new Serial();
  /** Why this connection can no longer be used, once it cannot. */
  private closedBecause: string | undefined;
  /** The generation this tab last read or wrote. */
  private generation = 0;
  private readonly news: WriteNews;

  private constructor(
    readonly name: string,
    private readonly db: IDBPDatabase,
    private readonly schema: Schema,
    options: IdbOptions,
  ) {
    this.news = new WriteNews(`layer-lab-store:${name}`);
    db.addEventListener('versionchange', () => {
      // Closing lets the other tab's upgrade proceed instead of waiting on us forever.
      db.close();
      this.closedBecause = 'another tab opened a newer Layer Lab; reload this page';
      options.onClose?.('versionchange');
    });
    db.addEventListener('close', () => {
      this.closedBecause = 'the browser closed the database';
      options.onClose?.('forced');
    });
  }

  /**
   * Opens (creating or upgrading) database `name` at the schema's version, running the migrations
   * from the stored version in one versionchange transaction. Throws StoreError 'unavailable' (no
   * IndexedDB, or the browser refuses it), 'version' (a newer Layer Lab wrote it) or 'corrupt' (a
   * migration failed; nothing was changed).
   */
  static async open(name: string, options: IdbOptions = {}): Promise<IdbStore> {
    const factory = factoryOf(options);
    const schema = options.schema ?? SCHEMA;
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, schema.version);
    } catch (error) {
      throw unavailable(error);
    }
    let failure: unknown;
    request.addEventListener('upgradeneeded', (event) => {
      const tx = request.transaction;
      if (!tx) return;
      const wrapped = wrap(tx) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
      // An aborted upgrade is reported by the open request; its `done` must not also go unhandled.
      wrapped.done.catch(() => undefined);
      upgrade(wrap(request.result), wrapped, event.oldVersion, schema).catch((error: unknown) => {
        failure = error;
        try {
          tx.abort();
        } catch {
          // Already finished: the open reports the error.
        }
      });
    });
    request.addEventListener('blocked', () => options.onBlocked?.());
    let db: IDBPDatabase | undefined;
    try {
      db = await wrap(request);
    } catch (error) {
      if (failure instanceof StoreError) throw failure;
      if (failure !== undefined) {
        throw new StoreError('corrupt', `upgrading the saved state failed: ${reasonOf(failure)}`, {
          cause: failure,
        });
      }
      if (nameOf(error) === 'VersionError') {
        const stored = await storedVersion(factory, name);
        throw new StoreError(
          'version',
          stored === undefined ? 'made by a newer Layer Lab' : newerMessage(stored),
          {
            cause: error,
          },
        );
      }
      throw unavailable(error);
    }
    if (!db) throw unavailable();
    return new IdbStore(name, db, schema, options);
  }

  private failure(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    if (this.closedBecause !== undefined) {
      return new StoreError('unavailable', `nothing was written: ${this.closedBecause}`, { cause: error });
    }
    const reason = reasonOf(error);
    switch (nameOf(error)) {
      case 'QuotaExceededError':
        return new StoreError(
          'quota',
          `nothing was written: the browser's storage for this site is full (${reason})`,
          {
            cause: error,
          },
        );
      case 'InvalidStateError':
        return new StoreError('unavailable', `nothing was written: the database is closed (${reason})`, {
          cause: error,
        });
      default:
        return new StoreError('aborted', `nothing was written: the transaction was aborted (${reason})`, {
          cause: error,
        });
    }
  }

  load(): Promise<Snapshot> {
    return this.queue.run(async () => {
      if (this.closedBecause !== undefined) throw new StoreError('unavailable', this.closedBecause);
      const problems: Problem[] = [];
      let stores: Record<string, Map<string, unknown>>;
      try {
        stores = await readStores(this.db, this.schema.stores, problems);
      } catch (error) {
        const failure = this.failure(error);
        throw new StoreError(
          failure.kind,
          failure.message.replace('nothing was written', 'nothing was read'),
          {
            cause: error,
          },
        );
      }
      this.generation = generationOf(stores.meta?.get(GENERATION_KEY));
      stores.meta?.delete(GENERATION_KEY);
      const snapshot = { schema: this.db.version, stores };
      return problems.length > 0 ? { ...snapshot, problems } : snapshot;
    });
  }

  apply(ops: readonly TxOp[]): Promise<void> {
    return this.queue.run(async () => {
      if (this.closedBecause !== undefined)
        throw new StoreError('unavailable', `nothing was written: ${this.closedBecause}`);
      const checked = checkOps(ops, this.schema.stores, { shareBytes: true });
      if (checked.length === 0) return;
      let tx: IDBPTransaction<unknown, string[], 'readwrite'>;
      try {
        tx = this.db.transaction([...new Set([...checked.map((op) => op.store), 'meta'])], 'readwrite');
      } catch (error) {
        throw this.failure(error);
      }
      const done = tx.done;
      done.catch(() => undefined);
      let generation: number;
      try {
        const meta = tx.objectStore('meta');
        generation = generationOf(await meta.get(GENERATION_KEY)) + 1;
        meta.put(generation, GENERATION_KEY).catch(() => undefined);
        for (const op of checked) {
          const store = tx.objectStore(op.store);
          // Failed requests abort the transaction; `done` reports it, so their own promises are quieted.
          (op.delete ? store.delete(op.key) : store.put(op.value, op.key)).catch(() => undefined);
        }
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // Already aborted.
        }
        await done.catch(() => undefined);
        throw this.failure(error);
      }
      try {
        await done;
      } catch (error) {
        throw this.failure(error);
      }
      this.generation = generation;
      this.news.announce(generation);
    });
  }

  /** Waits for this tab's turn (Web Locks), then says whether another tab wrote since this one looked. */
  async lease(onWait?: () => void): Promise<Lease> {
    const release = await takeTurn(`layer-lab-store:${this.name}`, onWait);
    try {
      const stored = await this.queue.run(async () =>
        this.closedBecause === undefined
          ? generationOf(await this.db.get('meta', GENERATION_KEY))
          : undefined,
      );
      return { stale: stored !== undefined && stored !== this.generation, release };
    } catch (error) {
      release();
      throw this.failure(error);
    }
  }

  onExternalChange(fn: () => void): () => void {
    return this.news.listen(fn);
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      this.closedBecause ??= CLOSED;
      this.news.close();
      this.db.close();
    });
  }
}

/**
 * Reads whatever database `name` holds, at its own version, without upgrading or changing it: for
 * exporting what can be saved when the app cannot use it. A missing database gives an empty snapshot.
 */
export async function salvageIdb(name: string, options: { indexedDB?: IDBFactory } = {}): Promise<Snapshot> {
  const factory = factoryOf(options);
  let created = false;
  let db: IDBPDatabase | undefined;
  try {
    const request = factory.open(name);
    request.addEventListener('upgradeneeded', () => {
      // The database did not exist: abort so that looking does not create it.
      created = true;
      request.transaction?.abort();
    });
    db = await wrap(request);
  } catch (error) {
    if (created) return { schema: 0, stores: {} };
    throw unavailable(error);
  }
  if (!db) throw unavailable();
  try {
    const problems: Problem[] = [];
    const names = Array.from(db.objectStoreNames).filter((store) => {
      if (STORE_NAME.test(store)) return true;
      problems.push({ message: `${JSON.stringify(store)} is not a store name; it was left out` });
      return false;
    });
    const stores = await readStores(db, names, problems);
    stores.meta?.delete(GENERATION_KEY);
    return problems.length > 0 ? { schema: db.version, stores, problems } : { schema: db.version, stores };
  } finally {
    db.close();
  }
}
