// One command = one transaction: every change to the host's maps is recorded here so that it can be
// written to the store in one go, or undone in memory when anything fails. No half-applied state.

import type { BaseStoreName } from './store/schema';

export type StoreName = BaseStoreName;

export class Tx {
  private undos: (() => void)[] = [];
  readonly dirty = new Map<string, { store: StoreName; key: string }>();
  /** What a removed record was (the first value seen), for writes that depend on it (a layer's contents). */
  readonly removed = new Map<string, unknown>();

  /** Remembers what a record held before this command removed it. */
  remember(store: StoreName, key: string, old: unknown): void {
    const k = `${store}\u0000${key}`;
    if (!this.removed.has(k)) this.removed.set(k, old);
  }

  mark(store: StoreName, key: string): void {
    this.dirty.set(`${store}\u0000${key}`, { store, key });
  }

  set<K, V>(map: Map<K, V>, key: K, value: V, store: StoreName, storeKey = String(key)): void {
    const had = map.has(key);
    const old = map.get(key);
    this.undos.push(() => {
      if (had) map.set(key, old as V);
      else map.delete(key);
    });
    map.set(key, value);
    this.mark(store, storeKey);
  }

  delete<K, V>(map: Map<K, V>, key: K, store: StoreName, storeKey = String(key)): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    this.undos.push(() => map.set(key, old));
    map.delete(key);
    this.remember(store, storeKey, old);
    this.mark(store, storeKey);
  }

  /** Remembers a mutable record's fields so that they can be put back; marks it dirty. */
  touch<T extends object>(record: T, store: StoreName, storeKey: string, snapshot: () => Partial<T>): void {
    const saved = snapshot();
    this.undos.push(() => Object.assign(record, saved));
    this.mark(store, storeKey);
  }

  onUndo(fn: () => void): void {
    this.undos.push(fn);
  }

  rollback(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]?.();
    this.undos = [];
    this.dirty.clear();
    this.removed.clear();
  }
}
