import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { textContent } from '../../src/engine/fs/content';
import { FileStore, IdbStore, MemoryStore, StoreError } from '../../src/engine/store';
import type { StoreErrorKind } from '../../src/engine/store';
import type { EngineEvent } from '../../src/engine/events';
import type { Store, TxOp } from '../../src/engine/store';
import { nodeFileIO } from '../../src/node/file-io';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpHost } from '../helpers/dump';

const html = '/usr/share/nginx/html';

/** The seed walkthrough's state changes, driven straight through the engine. */
async function walk(engine: Engine) {
  await engine.pull('redis');
  await engine.pull('nginx');
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
  await engine.changeFs('web', (u) => {
    u.rename(`${html}/index.html`, `${html}/index.html.bak`);
    u.rename(`${html}/50x.html`, `${html}/index.html`);
    u.writeFile('/root/note.txt', textContent('日本語 and bytes\n'), { mtime: 5 });
  });
  await engine.http(8888, '/');
  await engine.commit({
    container: 'web',
    reference: 'nginx01:1.0',
    author: 'xiaomotong',
    message: 'modify index.html',
  });
  await engine.run({
    image: 'nginx01:1.0',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8889 }],
  });
}

/** A store that fails its Nth apply, to prove a failed write leaves everything as it was. */
class FailingStore implements Store {
  readonly kind = 'memory' as const;
  calls = 0;
  constructor(
    private readonly inner: Store,
    private readonly failAt: number,
    private readonly failure: StoreErrorKind = 'aborted',
  ) {}
  load() {
    return this.inner.load();
  }
  async apply(ops: readonly TxOp[]) {
    if (++this.calls === this.failAt) throw new StoreError(this.failure, 'simulated refusal');
    return this.inner.apply(ops);
  }
  close() {
    return this.inner.close();
  }
}

describe('persistence', () => {
  it('a memory store reopened gives an identical host', async () => {
    const store = new MemoryStore();
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME, store });
    await walk(engine);
    const { engine: again, problems } = await openHost({ seed: 1, time: GOLDEN_TIME, store });
    expect(problems).toEqual([]);
    expect(dumpHost(again)).toEqual(dumpHost(engine));
    expect(again.invariants()).toEqual([]);
  });

  it('IndexedDB (fake-indexeddb): write, close, reopen gives an identical host that still works', async () => {
    const indexedDB = new IDBFactory();
    const store = await IdbStore.open('layerlab', { indexedDB });
    const { engine } = await openHost({ seed: 2, time: GOLDEN_TIME, store });
    await walk(engine);
    await store.close();
    const reopened = await IdbStore.open('layerlab', { indexedDB });
    const { engine: again } = await openHost({ seed: 2, time: GOLDEN_TIME, store: reopened });
    expect(dumpHost(again)).toEqual(dumpHost(engine));
    const page = await again.http(8889, '/');
    expect(page?.status).toBe(200);
  });

  it('a session file (FileStore) round-trips the whole host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-'));
    const path = join(dir, 'state.json');
    const { engine } = await openHost({
      seed: 3,
      time: GOLDEN_TIME,
      store: await FileStore.open(path, nodeFileIO),
    });
    await walk(engine);
    const { engine: again } = await openHost({
      seed: 3,
      time: GOLDEN_TIME,
      store: await FileStore.open(path, nodeFileIO),
    });
    expect(dumpHost(again)).toEqual(dumpHost(engine));
  });

  it('when the store is full, that command is undone, the saved host stays as before it, and the host goes on in memory', async () => {
    const inner = new MemoryStore();
    const store = new FailingStore(inner, 3, 'quota');
    const { engine } = await openHost({ seed: 5, time: GOLDEN_TIME, store });
    const events: EngineEvent[] = [];
    engine.on((e) => (e.type === 'store-failed' ? events.push(e) : undefined));
    await engine.pull('redis');
    await engine.pull('busybox');
    const saved = dumpHost(engine);
    await expect(engine.pull('nginx')).rejects.toThrow('simulated refusal');
    expect(dumpHost(engine)).toEqual(saved);
    expect(events).toEqual([{ type: 'store-failed', kind: 'quota', message: 'simulated refusal' }]);
    expect(engine.saving).toBe(false);
    // The same command again works, in memory only; the store is no longer asked.
    await engine.pull('nginx');
    await engine.rmi(['redis']);
    expect(
      engine
        .listImages()
        .map((i) => i.tags)
        .flat()
        .sort(),
    ).toEqual(['busybox:latest', 'nginx:latest']);
    expect(store.calls).toBe(3);
    expect(engine.invariants()).toEqual([]);
    const { engine: reread } = await openHost({ seed: 5, time: GOLDEN_TIME, store: inner });
    expect(dumpHost(reread)).toEqual(saved);
  });

  it("when the store refuses a command's transaction, the host in memory and in the store is exactly as before", async () => {
    for (let failAt = 1; failAt <= 9; failAt++) {
      const inner = new MemoryStore();
      const store = new FailingStore(inner, failAt);
      const { engine } = await openHost({ seed: 4, time: GOLDEN_TIME, store });
      const snapshots: unknown[] = [];
      let failed = false;
      const steps: (() => Promise<unknown>)[] = [
        () => engine.pull('redis'),
        () => engine.pull('nginx'),
        () =>
          engine.create({
            image: 'nginx',
            name: 'web',
            ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
          }),
        () => engine.start('web'),
        () => engine.changeFs('web', (u) => u.rename(`${html}/index.html`, `${html}/moved.html`)),
        () => engine.commit({ container: 'web', reference: 'mine' }),
        () => engine.rmi(['redis']),
        () => engine.rm('web', true),
      ];
      for (const step of steps) {
        const before = dumpHost(engine);
        try {
          await step();
        } catch (e) {
          // The refused step, or a later one that needed what it would have made: either way, no trace.
          if ((e as Error).message === 'simulated refusal') failed = true;
          expect(dumpHost(engine)).toEqual(before);
        }
        snapshots.push(dumpHost(engine));
        expect(engine.invariants()).toEqual([]);
      }
      // What the store holds is what memory holds.
      const { engine: reread } = await openHost({ seed: 4, time: GOLDEN_TIME, store: inner });
      expect(dumpHost(reread)).toEqual(snapshots.at(-1));
      expect(failed || store.calls < failAt).toBe(true);
    }
  });

  it('a failing operation in the middle of a command changes nothing', async () => {
    const { engine } = await openHost({ seed: 5, time: GOLDEN_TIME, store: new MemoryStore() });
    await engine.pull('nginx');
    await engine.run({ image: 'nginx', name: 'web' });
    const before = dumpHost(engine);
    await expect(
      engine.changeFs('web', (u) => {
        u.writeFile('/tmp/a', textContent('a'), { mtime: 1 });
        u.unlink('/no/such/file');
      }),
    ).rejects.toThrow(/ENOENT/);
    expect(dumpHost(engine)).toEqual(before);
  });
});

describe('session files', () => {
  it('an exported session imported into a fresh host gives the same host, and the Node file store reads it', async () => {
    const { engine } = await openHost({ seed: 6, time: GOLDEN_TIME });
    await walk(engine);
    await engine.changeHome((u) =>
      u.writeFile('/home/learner/Dockerfile', textContent('FROM nginx\n'), { mtime: 3 }),
    );
    const bytes = await engine.exportSession();
    expect(new TextDecoder().decode(bytes.slice(0, 40))).toContain('layerlab-session');

    const { engine: other } = await openHost({ seed: 6, time: GOLDEN_TIME, store: new MemoryStore() });
    await other.pull('busybox');
    expect(await other.importSession(bytes)).toEqual([]);
    expect(dumpHost(other)).toEqual(dumpHost(engine));
    expect(other.state.home.view().lookup('/home/learner/Dockerfile')).toBeDefined();

    const dir = mkdtempSync(join(tmpdir(), 'layerlab-'));
    const path = join(dir, 'state.json');
    await nodeFileIO.write(path, bytes);
    const { engine: fromFile } = await openHost({
      seed: 6,
      time: GOLDEN_TIME,
      store: await FileStore.open(path, nodeFileIO),
    });
    expect(dumpHost(fromFile)).toEqual(dumpHost(engine));
  });

  it('a file that is not a session is refused and the host is left as it was', async () => {
    const { engine } = await openHost({ seed: 7, time: GOLDEN_TIME, store: new MemoryStore() });
    await engine.pull('busybox');
    const before = dumpHost(engine);
    await expect(engine.importSession(new TextEncoder().encode('{"hello": 1}'))).rejects.toThrow(
      'not a Layer Lab session file',
    );
    expect(dumpHost(engine)).toEqual(before);
  });

  it('an import refused by the store leaves the host as it was', async () => {
    const { engine: source } = await openHost({ seed: 8, time: GOLDEN_TIME });
    await source.pull('nginx');
    const bytes = await source.exportSession();
    const inner = new MemoryStore();
    const store = new FailingStore(inner, 2);
    const { engine } = await openHost({ seed: 8, time: GOLDEN_TIME, store });
    await engine.pull('busybox');
    const before = dumpHost(engine);
    await expect(engine.importSession(bytes)).rejects.toThrow('simulated refusal');
    expect(dumpHost(engine)).toEqual(before);
  });

  it('the home directory on the host persists', async () => {
    const store = new MemoryStore();
    const { engine } = await openHost({ seed: 9, time: GOLDEN_TIME, store });
    await engine.changeHome((u) =>
      u.writeFile('/home/learner/notes.txt', textContent('layers!\n'), { mtime: 4 }),
    );
    const { engine: again } = await openHost({ seed: 9, time: GOLDEN_TIME, store });
    const f = again.state.home.view().fileOf('/home/learner/notes.txt');
    expect(f && f.content.kind === 'bytes' && new TextDecoder().decode(f.content.bytes)).toBe('layers!\n');
  });
});
