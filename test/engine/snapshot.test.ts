import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/events';
import { textContent } from '../../src/engine/fs/content';
import { IdbStore, MemoryStore, StoreError } from '../../src/engine/store';
import type { Store, TxOp } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpEntries, dumpHost } from '../helpers/dump';

const html = '/usr/share/nginx/html';

async function webHost(store?: Store) {
  const { engine } = await openHost({ seed: 11, time: GOLDEN_TIME, store });
  await engine.pull('nginx');
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
  await engine.changeFs('web', (u) => u.writeFile('/root/a.txt', textContent('first\n'), { mtime: 1 }));
  return engine;
}

/** Changes of every kind after the snapshot: pull, run, writes, commit, rmi, home. */
async function changeEverything(engine: Engine) {
  await engine.pull('redis');
  await engine.changeFs('web', (u) => {
    u.rename(`${html}/index.html`, `${html}/index.html.bak`);
    u.writeFile('/root/a.txt', textContent('second\n'), { mtime: 2 });
  });
  await engine.http(8888, '/');
  await engine.commit({ container: 'web', reference: 'mine:1', message: 'edit' });
  await engine.run({ image: 'mine:1', name: 'other' });
  await engine.stop('web');
  await engine.rm('other', true);
  await engine.rmi(['redis']);
  await engine.changeHome((u) => u.writeFile('/home/learner/notes.txt', textContent('hi\n'), { mtime: 3 }));
}

class FailingStore implements Store {
  readonly kind = 'memory' as const;
  fail = false;
  constructor(private readonly inner: Store) {}
  load() {
    return this.inner.load();
  }
  async apply(ops: readonly TxOp[]) {
    if (this.fail) throw new StoreError('quota', 'simulated quota exceeded');
    return this.inner.apply(ops);
  }
  close() {
    return this.inner.close();
  }
}

describe('host snapshots', () => {
  it('restoring a snapshot gives back exactly the earlier host, in memory and in the store', async () => {
    const store = new MemoryStore();
    const engine = await webHost(store);
    const before = dumpHost(engine);
    const home = dumpEntries(engine.state.home.entries);
    const snap = engine.snapshot();

    await changeEverything(engine);
    expect(dumpHost(engine)).not.toEqual(before);

    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    await engine.restore(snap);
    expect(events).toContainEqual({ type: 'restored' });
    expect(engine.invariants()).toEqual([]);
    expect(dumpHost(engine)).toEqual(before);
    expect(dumpEntries(engine.state.home.entries)).toEqual(home);
    expect(engine.listImages().map((i) => i.tags)).toEqual([['nginx:latest']]);
    expect(engine.container('web').state.status).toBe('running');
    expect(dumpEntries(engine.container('web').upper.entries)).toContain(
      dumpEntries(snap.containers.get(engine.container('web').id)!.upper.entries).find((l) =>
        l.startsWith('/root/a.txt '),
      ),
    );

    // The store holds the same host: reopening it gives the restored state.
    const { engine: again, problems } = await openHost({ seed: 11, time: GOLDEN_TIME, store });
    expect(problems).toEqual([]);
    expect(dumpHost(again)).toEqual(before);
    expect(again.invariants()).toEqual([]);
  });

  it('a snapshot can be restored twice: changes after the first restore do not leak into it', async () => {
    const engine = await webHost();
    const before = dumpHost(engine);
    const snap = engine.snapshot();
    await engine.restore(snap);
    await engine.changeFs('web', (u) => u.writeFile('/root/a.txt', textContent('third\n'), { mtime: 9 }));
    await engine.stop('web');
    await engine.restore(snap);
    expect(dumpHost(engine)).toEqual(before);
    expect(engine.container('web').state.status).toBe('running');
  });

  it('works with IndexedDB (fake-indexeddb): the reopened database holds the restored host', async () => {
    const indexedDB = new IDBFactory();
    const store = await IdbStore.open('layerlab-snap', { indexedDB });
    const engine = await webHost(store);
    const before = dumpHost(engine);
    const snap = engine.snapshot();
    await changeEverything(engine);
    await engine.restore(snap);
    await store.close();
    const reopened = await IdbStore.open('layerlab-snap', { indexedDB });
    const { engine: again } = await openHost({ seed: 11, time: GOLDEN_TIME, store: reopened });
    expect(dumpHost(again)).toEqual(before);
    await reopened.close();
  });

  it('a store that refuses the write leaves the host as it was', async () => {
    const store = new FailingStore(new MemoryStore());
    const engine = await webHost(store);
    const snap = engine.snapshot();
    await changeEverything(engine);
    const changed = dumpHost(engine);
    store.fail = true;
    await expect(engine.restore(snap)).rejects.toThrow('simulated quota exceeded');
    expect(dumpHost(engine)).toEqual(changed);
    expect(engine.invariants()).toEqual([]);
  });

  it('reset empties the host and keeps the settings', async () => {
    const store = new MemoryStore();
    const engine = await webHost(store);
    await engine.setSpeed('classroom-slow');
    await engine.reset();
    expect(engine.listImages()).toEqual([]);
    expect(engine.listContainers(true)).toEqual([]);
    expect(engine.state.layers.size).toBe(0);
    expect(engine.settings.speed).toBe('classroom-slow');
    expect(engine.invariants()).toEqual([]);
    const { engine: again } = await openHost({ seed: 11, time: GOLDEN_TIME, store });
    expect(again.state.images.size).toBe(0);
    expect(again.state.containers.size).toBe(0);
    expect(again.settings.speed).toBe('classroom-slow');
    // The host still works after a reset.
    await engine.pull('nginx');
    expect(engine.invariants()).toEqual([]);
  });

  it('snapshots share layers, blobs and file entries instead of copying them', async () => {
    const engine = await webHost();
    const snaps = Array.from({ length: 50 }, () => engine.snapshot());
    for (const snap of snaps) {
      for (const [id, rec] of engine.state.layers) {
        expect(snap.layers.get(id)).toBe(rec);
        expect(snap.layers.get(id)!.layer).toBe(rec.layer);
      }
      for (const [k, bytes] of engine.state.blobs) expect(snap.blobs.get(k)).toBe(bytes);
      const live = engine.container('web');
      const kept = snap.containers.get(live.id)!;
      expect(kept).not.toBe(live);
      expect(kept.upper).not.toBe(live.upper);
      for (const [path, entry] of live.upper.entries) expect(kept.upper.entries.get(path)).toBe(entry);
    }
    // Restoring shares them again with the live host.
    const layer = [...engine.state.layers.values()][0]!;
    await engine.restore(snaps[0]!);
    expect(engine.state.layers.get(layer.chainId)).toBe(layer);
  });
});
