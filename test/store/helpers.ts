// Shared fixtures for the store tests: sample records, an in-memory FileIO with failure hooks,
// and one "backend" per store kind that can be opened again on the same storage.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { FileStore, IdbStore, MemoryStore } from '../../src/engine/store';
import type { FileIO, Snapshot, Store, TxOp } from '../../src/engine/store';

/** Records of every kind a store must keep, including the awkward ones. */
export function sampleOps(): TxOp[] {
  return [
    { store: 'blobs', key: 'sha256:aa', value: new Uint8Array([0, 1, 2, 253, 254, 255]) },
    { store: 'blobs', key: 'sha256:empty', value: new Uint8Array(0) },
    {
      store: 'images',
      key: 'sha256:img',
      value: {
        configBytes: new Uint8Array([123, 125]),
        diffIds: ['sha256:1', 'sha256:2'],
        parent: null,
        repoDigests: [],
        lastTagTime: 1_700_000_000_123,
        ratio: -0.5,
        labels: { 'org.opencontainers.image.title': 'nginx', 'zh-CN': '层' },
      },
    },
    { store: 'tags', key: 'nginx:latest', value: 'sha256:img' },
    { store: 'tags', key: 'naïve/日本:1.0', value: 'emoji 🐳 and a lone \ud800 surrogate' },
    {
      store: 'containers',
      key: 'c1',
      value: { running: true, ports: [[80, 'tcp']], nested: { deep: { deeper: [{ a: [] }] } } },
    },
    { store: 'meta', key: 'literal-marker', value: { $bytes: 'AAAA', $$bytes: 1, ordinary: '$bytes' } },
    { store: 'meta', key: 'proto', value: JSON.parse('{"__proto__": {"x": 1}}') as unknown },
    { store: 'meta', key: '', value: 0 },
    { store: 'layers', key: 'l1', value: { size: 0, entries: [['/etc', { type: 'dir' }]] } },
  ];
}

/** A snapshot's records as plain data, for exact comparisons. */
export function contents(snapshot: Snapshot): Record<string, [string, unknown][]> {
  const out: Record<string, [string, unknown][]> = {};
  for (const name of Object.keys(snapshot.stores).sort()) {
    out[name] = [...(snapshot.stores[name] ?? new Map<string, unknown>())].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
  }
  return out;
}

/** Files in a Map, with hooks to fail or slow a write or a rename. */
export class MemoryFiles implements FileIO {
  readonly files = new Map<string, Uint8Array>();
  failWrite: ((path: string) => boolean) | undefined;
  failRename: ((from: string) => boolean) | undefined;
  delay: ((path: string) => number) | undefined;
  inFlight = 0;
  maxInFlight = 0;
  writes = 0;

  async read(path: string): Promise<Uint8Array | undefined> {
    const bytes = this.files.get(path);
    return bytes && new Uint8Array(bytes);
  }

  async write(path: string, bytes: Uint8Array): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const ms = this.delay?.(path) ?? 0;
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      if (this.failWrite?.(path)) {
        // Half the file lands before the disk gives up, as a real failing write can leave it.
        this.files.set(path, bytes.slice(0, bytes.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      this.files.set(path, new Uint8Array(bytes));
      this.writes++;
    } finally {
      this.inFlight--;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    if (this.failRename?.(from)) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    const bytes = this.files.get(from);
    if (!bytes) throw Object.assign(new Error(`ENOENT: no such file, rename '${from}'`), { code: 'ENOENT' });
    this.files.set(to, bytes);
    this.files.delete(from);
  }
}

export interface Backend {
  readonly kind: Store['kind'];
  /** Opens the backend's storage; called again after close, it sees what was written before. */
  open(): Promise<Store>;
}

export function memoryBackend(): Backend {
  // A memory store has no storage of its own to reopen: its last state is carried over by hand.
  let saved: Snapshot | undefined;
  return {
    kind: 'memory',
    async open() {
      const store = new MemoryStore(saved ? { snapshot: saved } : {});
      const close = store.close.bind(store);
      store.close = async () => {
        saved = await store.load();
        await close();
      };
      return store;
    },
  };
}

export function idbBackend(): Backend {
  const factory = new IDBFactory();
  return { kind: 'indexeddb', open: () => IdbStore.open('layerlab', { indexedDB: factory }) };
}

export function fileBackend(files = new MemoryFiles(), path = '/state/session.json'): Backend {
  return { kind: 'file', open: () => FileStore.open(path, files) };
}
