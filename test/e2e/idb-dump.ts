// A canonical dump of an IndexedDB database, read in the page with the raw IndexedDB API: every object
// store, every key and value, serialised the same way whatever order things were written in (object
// keys, Map and Set entries sorted; bytes and Blobs as their length and SHA-256). Two dumps are equal
// exactly when the stored states are, so browser tests can compare states without knowing the store's
// record layout.

import type { Page } from '@playwright/test';

export interface DatabaseDump {
  /** The whole canonical serialisation (bytes summarised), for equality and for diffs. */
  text: string;
  /** Records per object store, e.g. "images:2 layers:5 meta:4": what a failure message shows. */
  summary: string;
}

/** Reads database `name` in one read-only transaction over all its stores; a missing database is ''. */
export async function dumpDatabase(page: Page, name = 'layer-lab'): Promise<DatabaseDump> {
  return page.evaluate(async (dbName) => {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === dbName)) return { text: '', summary: '(no database)' };

    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
      req.onblocked = () => reject(new Error('open blocked'));
    });
    const names = [...db.objectStoreNames].sort();
    const raw: Record<string, [IDBValidKey, unknown][]> = {};
    try {
      if (names.length > 0) {
        const tx = db.transaction(names, 'readonly');
        await Promise.all(
          names.map(
            (store) =>
              new Promise<void>((resolve, reject) => {
                const rows: [IDBValidKey, unknown][] = [];
                raw[store] = rows;
                const req = tx.objectStore(store).openCursor();
                req.onerror = () => reject(req.error ?? new Error('cursor failed'));
                req.onsuccess = () => {
                  const cursor = req.result;
                  if (!cursor) return resolve();
                  rows.push([cursor.key, cursor.value]);
                  cursor.continue();
                };
              }),
          ),
        );
      }
    } finally {
      // Our connection must not hold up the app's next version change.
      db.close();
    }

    const hex = (buf: ArrayBuffer) =>
      [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const bytes = async (kind: string, view: Uint8Array) => ({
      $bytes: kind,
      length: view.byteLength,
      sha256: hex(await crypto.subtle.digest('SHA-256', view.slice())),
    });
    const byText = (a: unknown, b: unknown) => {
      const x = JSON.stringify(a);
      const y = JSON.stringify(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
    // Structured-clone values to plain JSON, deterministically.
    const canon = async (v: unknown): Promise<unknown> => {
      if (v === undefined) return { $undefined: true };
      if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
      if (typeof v === 'bigint') return { $bigint: String(v) };
      if (v === null || typeof v !== 'object') return v;
      if (v instanceof Blob) return bytes('Blob', new Uint8Array(await v.arrayBuffer()));
      if (v instanceof ArrayBuffer) return bytes('ArrayBuffer', new Uint8Array(v));
      if (ArrayBuffer.isView(v))
        return bytes(v.constructor.name, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      if (v instanceof Date) return { $date: v.getTime() };
      if (v instanceof Map) {
        const entries = await Promise.all([...v].map(async ([k, x]) => [await canon(k), await canon(x)]));
        return { $map: entries.sort(byText) };
      }
      if (v instanceof Set) return { $set: (await Promise.all([...v].map(canon))).sort(byText) };
      if (Array.isArray(v)) return Promise.all(v.map(canon));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = await canon((v as Record<string, unknown>)[k]);
      return out;
    };

    const stores: Record<string, unknown> = {};
    for (const store of names) {
      const rows = raw[store] ?? [];
      // IndexedDB already returns keys in key order; the canonical form keeps that order.
      stores[store] = await Promise.all(rows.map(async ([k, v]) => [await canon(k), await canon(v)]));
    }
    return {
      text: JSON.stringify({ version: db.version, stores }),
      summary: names.map((n) => `${n}:${raw[n]?.length ?? 0}`).join(' ') || '(no stores)',
    };
  }, name);
}

/** The first place two dumps differ, with a little context on each side: for failure messages. */
export function firstDifference(a: string, b: string, context = 160): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return '(equal)';
  const from = Math.max(0, i - context);
  return `at ${i}:\n  ${a.slice(from, i + context)}\n  ${b.slice(from, i + context)}`;
}
