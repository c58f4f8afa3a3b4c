// A loaded layer's big file contents are stored as records of their own (IndexedDB keeps each as a
// blob), come back whole on the next visit, and go when the layer goes.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { contentBytes } from '../../src/engine/fs/content';
import { SPLIT_CONTENT } from '../../src/engine/persist';
import { IdbStore } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { d, f, layerTar, modernImage, sha, tarOf } from './load-helpers';

describe('docker load: big contents in IndexedDB', () => {
  it('stores each big file as its own record, restores it byte for byte, and deletes it with the layer', async () => {
    const indexedDB = new IDBFactory();
    const big = 'layer lab '.repeat(30_000); // 300 kB
    const layer = layerTar([
      ['/opt', d()],
      ['/opt/big.bin', f(big)],
      ['/opt/small.txt', f('small\n')],
    ]);
    const store = await IdbStore.open('layerlab', { indexedDB });
    const { engine } = await openHost({ seed: 3, time: GOLDEN_TIME, store });
    await engine.load([tarOf(modernImage([layer], 'big:1'))]);
    const chainId = `sha256:${sha(layer)}`;

    const saved = await store.load();
    const key = `layer-content/${chainId}/0`;
    expect(saved.stores.blobs?.get(key)).toEqual(new TextEncoder().encode(big));
    const row = saved.stores.layers?.get(chainId) as { entries: [string, { content?: unknown }][] };
    const byPath = new Map(row.entries);
    expect(byPath.get('/opt/big.bin')?.content).toEqual({ kind: 'stored', key, size: big.length });
    expect(byPath.get('/opt/small.txt')?.content).toMatchObject({ kind: 'bytes' });
    expect(big.length).toBeGreaterThanOrEqual(SPLIT_CONTENT);
    await store.close();

    // The next visit: the content is whole again, and the host is sound.
    const again = await IdbStore.open('layerlab', { indexedDB });
    const { engine: next, problems } = await openHost({ seed: 4, time: GOLDEN_TIME, store: again });
    expect(problems).toEqual([]);
    const file = next.state.layers.get(chainId as never)?.layer.entries.get('/opt/big.bin');
    expect(file?.type === 'file' && new TextDecoder().decode(contentBytes(file.content))).toBe(big);
    expect(next.invariants()).toEqual([]);
    // The tar-split came back too: a save on the next visit writes the layer's original bytes.
    const archive = await next.save(['big:1']);
    const { engine: third } = await openHost({ seed: 5, time: GOLDEN_TIME });
    expect((await third.load(archive)).loaded).toEqual(['Loaded image: big:1']);
    // Session files keep contents inline (they are one file, read without the store).
    expect(next.state.blobs.has(key)).toBe(false);

    // docker rmi removes the layer and its content record in the same transaction.
    await next.rmi(['big:1']);
    const after = await again.load();
    expect(after.stores.layers?.has(chainId)).toBe(false);
    expect(after.stores.blobs?.has(key)).toBe(false);
    await again.close();
  });
});
