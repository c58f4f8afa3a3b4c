import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  FileStore,
  IdbStore,
  MemoryStore,
  STORE_NAMES,
  StoreError,
  addStores,
  defineSchema,
  importSession,
  migrate,
} from '../../src/engine/store';
import type { Migration, Schema, Snapshot } from '../../src/engine/store';
import { MemoryFiles, contents } from './helpers';

// A made-up history: v1 had no meta.settings; v2 added it; v3 moved lesson progress out of meta
// into its own store.
function history(): { log: string[]; v1: Schema; v2: Schema; v3: Schema; steps: Migration[] } {
  const log: string[] = [];
  const steps: Migration[] = [
    addStores(STORE_NAMES),
    (s) => {
      log.push('1→2');
      if (!s.stores.meta?.has('settings')) s.stores.meta?.set('settings', { speed: 'realistic', lang: 'en' });
      return s;
    },
    (s) => {
      log.push('2→3');
      const lessons = new Map<string, unknown>();
      const progress = (s.stores.meta?.get('progress') ?? {}) as Record<string, number>;
      for (const [lesson, step] of Object.entries(progress)) lessons.set(lesson, { step });
      s.stores.meta?.delete('progress');
      return { ...s, stores: { ...s.stores, lessons } };
    },
  ];
  const schemas = {
    v1: defineSchema(steps.slice(0, 1)),
    v2: defineSchema(steps.slice(0, 2)),
    v3: defineSchema(steps),
  };
  log.length = 0;
  return { log, steps, ...schemas };
}

function v1Snapshot(): Snapshot {
  const stores = Object.fromEntries(STORE_NAMES.map((n) => [n, new Map<string, unknown>()]));
  stores.meta?.set('progress', { intro: 3, layers: 1 });
  stores.tags?.set('nginx:latest', 'sha256:n');
  return { schema: 1, stores };
}

const V3_CONTENTS = {
  blobs: [],
  containers: [],
  images: [],
  layers: [],
  lessons: [
    ['intro', { step: 3 }],
    ['layers', { step: 1 }],
  ],
  meta: [['settings', { speed: 'realistic', lang: 'en' }]],
  tags: [['nginx:latest', 'sha256:n']],
};

describe('migrations', () => {
  it('each schema knows its stores from running its migrations', () => {
    const { v1, v3 } = history();
    expect(v1.version).toBe(1);
    expect(v3.version).toBe(3);
    expect(v3.stores).toEqual(['blobs', 'containers', 'images', 'layers', 'lessons', 'meta', 'tags']);
    expect(v3.storesAt[1]).toEqual(v1.stores);
  });

  it('run in order, only those between the stored version and the current one', () => {
    const { log, v2, v3 } = history();
    const migrated = migrate(v1Snapshot(), v3);
    expect(log).toEqual(['1→2', '2→3']);
    expect(migrated.schema).toBe(3);
    expect(contents(migrated)).toEqual(V3_CONTENTS);

    log.length = 0;
    const atV2 = migrate(v1Snapshot(), v2);
    expect(log).toEqual(['1→2']);
    migrate(atV2, v3);
    expect(log).toEqual(['1→2', '2→3']);
  });

  it('a migration that throws is reported with the versions it was between', () => {
    const { steps } = history();
    const broken = defineSchema([
      ...steps,
      (s) => {
        if (s.stores.tags?.size) throw new Error('no layers store');
        return s;
      },
    ]);
    try {
      migrate(v1Snapshot(), broken);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      expect([(error as StoreError).kind, (error as StoreError).message]).toEqual([
        'corrupt',
        'upgrading the saved state from schema 3 to 4 failed: no layers store',
      ]);
    }
  });

  it('a v1 session file imports as v3', () => {
    const { log, v3 } = history();
    const file = [
      '{"format":"layerlab-session","schema":1,"stores":{',
      '"blobs":[],',
      '"containers":[],',
      '"images":[],',
      '"layers":[],',
      '"meta":[',
      '["progress",{"intro":3,"layers":1}]',
      '],',
      '"tags":[',
      '["nginx:latest","sha256:n"]',
      ']',
      '}}',
      '',
    ].join('\n');
    const snapshot = importSession(new TextEncoder().encode(file), { schema: v3 });
    expect(log).toEqual(['1→2', '2→3']);
    expect(snapshot.schema).toBe(3);
    expect(contents(snapshot)).toEqual(V3_CONTENTS);
  });

  it('a MemoryStore seeded with a v1 snapshot holds it as v3', async () => {
    const { v3 } = history();
    const store = new MemoryStore({ schema: v3, snapshot: v1Snapshot() });
    expect(contents(await store.load())).toEqual(V3_CONTENTS);
    await store.apply([{ store: 'lessons', key: 'commit', value: { step: 0 } }]);
    expect((await store.load()).stores.lessons?.get('commit')).toEqual({ step: 0 });
  });

  it('an IndexedDB database written at v1 is upgraded to v3 when opened', async () => {
    const { log, v1, v3 } = history();
    const factory = new IDBFactory();
    const old = await IdbStore.open('lab', { indexedDB: factory, schema: v1 });
    await old.apply([
      { store: 'meta', key: 'progress', value: { intro: 3, layers: 1 } },
      { store: 'tags', key: 'nginx:latest', value: 'sha256:n' },
    ]);
    await old.close();
    const store = await IdbStore.open('lab', { indexedDB: factory, schema: v3 });
    expect(log).toEqual(['1→2', '2→3']);
    const snapshot = await store.load();
    expect(snapshot.schema).toBe(3);
    expect(contents(snapshot)).toEqual(V3_CONTENTS);
    await store.close();
  });

  it('a fresh IndexedDB database runs every migration over nothing', async () => {
    const { log, v3 } = history();
    const store = await IdbStore.open('lab', { indexedDB: new IDBFactory(), schema: v3 });
    expect(log).toEqual(['1→2', '2→3']);
    expect(contents(await store.load()).meta).toEqual([['settings', { speed: 'realistic', lang: 'en' }]]);
    await store.close();
  });

  it('a failed IndexedDB upgrade leaves the database as it was', async () => {
    const { steps, v1 } = history();
    const factory = new IDBFactory();
    const old = await IdbStore.open('lab', { indexedDB: factory, schema: v1 });
    await old.apply([{ store: 'tags', key: 'nginx:latest', value: 'sha256:n' }]);
    await old.close();
    const broken = defineSchema([
      ...steps,
      (s) => {
        if (s.stores.tags?.size) throw new Error('cannot read tag nginx:latest');
        return s;
      },
    ]);
    const error = await IdbStore.open('lab', { indexedDB: factory, schema: broken }).then(
      () => undefined,
      (e: unknown) => e as StoreError,
    );
    expect([error?.kind, error?.message]).toEqual([
      'corrupt',
      'upgrading the saved state from schema 3 to 4 failed: cannot read tag nginx:latest',
    ]);
    const again = await IdbStore.open('lab', { indexedDB: factory, schema: v1 });
    const snapshot = await again.load();
    expect(snapshot.schema).toBe(1);
    expect(contents(snapshot).tags).toEqual([['nginx:latest', 'sha256:n']]);
    expect(contents(snapshot).meta).toEqual([]);
    await again.close();
  });

  it('a store a migration drops is deleted from IndexedDB', async () => {
    const { steps, v3 } = history();
    const factory = new IDBFactory();
    await (await IdbStore.open('lab', { indexedDB: factory, schema: v3 })).close();
    const v4 = defineSchema([
      ...steps,
      (s) => {
        const { containers: _dropped, ...stores } = s.stores;
        return { ...s, stores };
      },
    ]);
    const store = await IdbStore.open('lab', { indexedDB: factory, schema: v4 });
    await store.close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('lab');
      request.onsuccess = () => resolve(request.result);
    });
    expect([...db.objectStoreNames]).not.toContain('containers');
    expect([...db.objectStoreNames]).toContain('lessons');
    db.close();
  });

  it('a v1 state file is migrated on open and written as v3 on the next apply', async () => {
    const { v1, v3 } = history();
    const files = new MemoryFiles();
    const old = await FileStore.open('/s.json', files, { schema: v1 });
    await old.apply([
      { store: 'meta', key: 'progress', value: { intro: 3, layers: 1 } },
      { store: 'tags', key: 'nginx:latest', value: 'sha256:n' },
    ]);
    await old.close();
    const v1Bytes = files.files.get('/s.json');
    const store = await FileStore.open('/s.json', files, { schema: v3 });
    expect(contents(await store.load())).toEqual(V3_CONTENTS);
    expect(files.files.get('/s.json')).toBe(v1Bytes);
    await store.apply([{ store: 'lessons', key: 'commit', value: { step: 0 } }]);
    const written = new TextDecoder().decode(files.files.get('/s.json'));
    expect(written.split('\n')[0]).toBe('{"format":"layerlab-session","schema":3,"stores":{');
    expect(written).toContain('"lessons":[\n["commit",{"step":0}],\n["intro",{"step":3}],');
  });
});
