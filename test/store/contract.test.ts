import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORE_NAMES, StoreError } from '../../src/engine/store';
import type { Store, TxOp } from '../../src/engine/store';
import { contents, fileBackend, idbBackend, memoryBackend, sampleOps } from './helpers';
import type { Backend } from './helpers';

const backends: [string, () => Backend][] = [
  ['MemoryStore', memoryBackend],
  ['IdbStore', idbBackend],
  ['FileStore', () => fileBackend()],
];

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(backends)('%s', (_name, make) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close().catch(() => undefined);
    store = undefined;
  });

  it('starts with every store empty at the current schema', async () => {
    const backend = make();
    store = await backend.open();
    expect(store.kind).toBe(backend.kind);
    const snapshot = await store.load();
    expect(snapshot.schema).toBe(1);
    expect(snapshot.problems).toBeUndefined();
    expect(contents(snapshot)).toEqual(Object.fromEntries([...STORE_NAMES].sort().map((n) => [n, []])));
  });

  it('write, close, reopen gives the identical state', async () => {
    const backend = make();
    store = await backend.open();
    await store.apply(sampleOps());
    await store.apply([
      { store: 'tags', key: 'nginx:latest', delete: true },
      { store: 'tags', key: 'nginx:1.27', value: 'sha256:img' },
    ]);
    const written = contents(await store.load());
    await store.close();
    store = await backend.open();
    const reopened = await store.load();
    expect(contents(reopened)).toEqual(written);
    expect(reopened.stores.tags?.has('nginx:latest')).toBe(false);
    expect(reopened.stores.tags?.get('nginx:1.27')).toBe('sha256:img');
    // The awkward values survive exactly: bytes as Uint8Array, a literal $bytes key, an own __proto__.
    const blob = reopened.stores.blobs?.get('sha256:aa');
    expect(blob).toBeInstanceOf(Uint8Array);
    expect([...(blob as Uint8Array)]).toEqual([0, 1, 2, 253, 254, 255]);
    expect(reopened.stores.meta?.get('literal-marker')).toEqual({
      $bytes: 'AAAA',
      $$bytes: 1,
      ordinary: '$bytes',
    });
    const proto = reopened.stores.meta?.get('proto') as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(reopened.stores.tags?.get('naïve/日本:1.0')).toBe('emoji 🐳 and a lone \ud800 surrogate');
  });

  it('a value that cannot be stored aborts the whole apply and leaves the previous state', async () => {
    store = await make().open();
    await store.apply([{ store: 'tags', key: 'a', value: 'one' }]);
    const before = contents(await store.load());
    const error = await rejection(
      store.apply([
        { store: 'tags', key: 'a', value: 'two' },
        { store: 'tags', key: 'b', value: 'new' },
        { store: 'images', key: 'x', value: { config: { healthcheck: () => 0 } } },
      ]),
    );
    expect(error.kind).toBe('aborted');
    expect(error.message).toBe(
      'nothing was written: images "x": value at .config.healthcheck: a function cannot be stored',
    );
    expect(contents(await store.load())).toEqual(before);
  });

  it('refuses an unknown store, a non-string key, NaN, a Date and undefined in an array, writing nothing', async () => {
    store = await make().open();
    const bad: [TxOp, string][] = [
      [{ store: 'nope', key: 'k', value: 1 }, 'nothing was written: write 2 names an unknown store "nope"'],
      [
        { store: 'meta', key: 7 as unknown as string, value: 1 },
        'nothing was written: write 2 has a key that is not a string',
      ],
      [
        { store: 'meta', key: 'k', value: { n: NaN } },
        'nothing was written: meta "k": value at .n: NaN cannot be stored',
      ],
      [
        { store: 'meta', key: 'k', value: [new Date(0)] },
        'nothing was written: meta "k": value at [0]: a Date cannot be stored',
      ],
      [
        { store: 'meta', key: 'k', value: [1, undefined] },
        'nothing was written: meta "k": value at [1]: undefined cannot be stored',
      ],
    ];
    for (const [op, message] of bad) {
      const error = await rejection(store.apply([{ store: 'meta', key: 'first', value: 1 }, op]));
      expect([error.kind, error.message]).toEqual(['aborted', message]);
    }
    expect(contents(await store.load()).meta).toEqual([]);
  });

  it('keeps its own copies: changing a value after apply or after load changes nothing stored', async () => {
    store = await make().open();
    const value = { list: [1, 2], bytes: new Uint8Array([1, 2, 3]) };
    await store.apply([{ store: 'meta', key: 'v', value }]);
    value.list.push(3);
    value.bytes[0] = 99;
    const loaded = (await store.load()).stores.meta?.get('v') as typeof value;
    expect(loaded.list).toEqual([1, 2]);
    expect([...loaded.bytes]).toEqual([1, 2, 3]);
    loaded.list.push(4);
    loaded.bytes[1] = 77;
    const again = (await store.load()).stores.meta?.get('v') as typeof value;
    expect(again.list).toEqual([1, 2]);
    expect([...again.bytes]).toEqual([1, 2, 3]);
  });

  it('drops object properties holding undefined, as the session format does', async () => {
    store = await make().open();
    await store.apply([{ store: 'meta', key: 'v', value: { kept: 1, gone: undefined } }]);
    expect(Object.keys((await store.load()).stores.meta?.get('v') as object)).toEqual(['kept']);
  });

  it('concurrent applies are serialised in call order, and a failing one does not stop the rest', async () => {
    store = await make().open();
    const settled: string[] = [];
    const calls = [
      store.apply([
        { store: 'meta', key: 'n', value: 1 },
        { store: 'meta', key: 'log', value: ['1'] },
      ]),
      store.apply([
        { store: 'meta', key: 'n', value: 2 },
        { store: 'meta', key: 'bad', value: Symbol('x') },
      ]),
      store.apply([
        { store: 'meta', key: 'n', value: 3 },
        { store: 'meta', key: 'log', value: ['1', '3'] },
      ]),
      store.load(),
      store.apply([{ store: 'meta', key: 'n', value: 4 }]),
    ].map((p, i) =>
      p.then(
        () => settled.push(`${i}:ok`),
        () => settled.push(`${i}:failed`),
      ),
    );
    await Promise.all(calls);
    expect(settled).toEqual(['0:ok', '1:failed', '2:ok', '3:ok', '4:ok']);
    const meta = (await store.load()).stores.meta;
    expect(meta?.get('n')).toBe(4);
    expect(meta?.get('log')).toEqual(['1', '3']);
    expect(meta?.has('bad')).toBe(false);
  });

  it('a load queued between applies sees exactly the applies before it', async () => {
    store = await make().open();
    const first = store.apply([{ store: 'tags', key: 'a', value: 'A' }]);
    const seen = store.load();
    const second = store.apply([{ store: 'tags', key: 'b', value: 'B' }]);
    await Promise.all([first, second]);
    expect(contents(await seen).tags).toEqual([['a', 'A']]);
  });

  it('an empty apply succeeds and changes nothing', async () => {
    store = await make().open();
    await store.apply([]);
    expect(contents(await store.load()).tags).toEqual([]);
  });

  it('after close, load and apply fail as unavailable', async () => {
    const s = await make().open();
    await s.close();
    expect((await rejection(s.apply([{ store: 'meta', key: 'k', value: 1 }]))).kind).toBe('unavailable');
    expect((await rejection(s.load())).kind).toBe('unavailable');
  });
});
