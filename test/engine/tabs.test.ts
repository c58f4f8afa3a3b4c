// Two tabs of the same origin share one IndexedDB database: each is an engine on its own connection.
// They take turns (one writer at a time), a tab that finds another tab's writes reads the host again
// before its command, an idle tab catches up when told, and neither loses what the other did.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { OTHER_TAB_CHANGED } from '../../src/engine/engine';
import { textContent } from '../../src/engine/fs/content';
import { IdbStore } from '../../src/engine/store';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpHost } from '../helpers/dump';

async function twoTabs(seedA = 1, seedB = 2) {
  const indexedDB = new IDBFactory();
  const name = `lab-${Math.random()}`;
  const a = await openHost({
    seed: seedA,
    time: GOLDEN_TIME,
    store: await IdbStore.open(name, { indexedDB }),
  });
  const b = await openHost({
    seed: seedB,
    time: GOLDEN_TIME,
    store: await IdbStore.open(name, { indexedDB }),
  });
  const reopen = async () =>
    (await openHost({ seed: 9, time: GOLDEN_TIME, store: await IdbStore.open(name, { indexedDB }) })).engine;
  return { a: a.engine, b: b.engine, reopen };
}

function tags(engine: Engine): string[] {
  return [...engine.state.tags.keys()].sort();
}

function synced(engine: Engine): Promise<void> {
  return new Promise((resolve) => {
    const off = engine.on((e) => {
      if (e.type === 'synced') {
        off();
        resolve();
      }
    });
  });
}

async function run(engine: Engine, line: string): Promise<{ code: number; out: string }> {
  const session = hostSession(engine);
  let out = '';
  const io: Stdio = { out: (s) => (out += s), err: (s) => (out += s), stdin: null, tty: false, columns: 80 };
  const r = await session.run(line, io);
  return { code: r.code, out };
}

describe('two tabs on one database', () => {
  it("a tab's next command sees what the other tab wrote, and adds to it rather than over it", async () => {
    const { a, b, reopen } = await twoTabs();
    await a.pull('nginx');
    expect(tags(b)).toEqual([]); // b has not run anything yet
    await b.pull('redis');
    expect(tags(b)).toEqual(['nginx:latest', 'redis:latest']);
    await a.tag('redis', 'cache:1');
    expect(tags(a)).toEqual(['cache:1', 'nginx:latest', 'redis:latest']);
    const saved = await reopen();
    expect(tags(saved)).toEqual(['cache:1', 'nginx:latest', 'redis:latest']);
    await b.command(() => undefined);
    expect(dumpHost(b)).toEqual(dumpHost(a));
    expect(dumpHost(saved)).toEqual(dumpHost(a));
    expect(a.invariants()).toEqual([]);
    expect(b.invariants()).toEqual([]);
  });

  it('an idle tab catches up on its own when the other tab writes', async () => {
    const { a, b } = await twoTabs();
    const caughtUp = synced(b);
    await a.pull('busybox');
    await caughtUp;
    expect(tags(b)).toEqual(['busybox:latest']);
    expect(dumpHost(b)).toEqual(dumpHost(a));
  });

  it('commands typed in both tabs at once run one after the other (the waiting tab says so), and both tabs end with every change', async () => {
    const { a, b, reopen } = await twoTabs();
    await a.pull('nginx');
    const lines = [
      [a, 'docker run -d --name one nginx'],
      [b, 'docker run -d --name two nginx'],
      [a, 'docker exec one sh -c "echo from-a > /a.txt"'],
      [b, 'docker exec two sh -c "echo from-b > /b.txt"'],
      [a, 'docker commit one mine:a'],
      [b, 'docker commit two mine:b'],
      [b, 'docker rm -f one'],
      [a, 'docker tag mine:b mine:b2'],
    ] as const;
    const turns: boolean[] = [];
    b.on((e) => (e.type === 'turn' ? turns.push(e.waiting) : undefined));
    const results = await Promise.all(lines.map(([tab, line]) => run(tab, line)));
    // b had to wait for a's turn at least once, and said so, then said when its turn came.
    expect(turns.length).toBeGreaterThan(0);
    expect(turns.filter((w, i) => w === (i % 2 === 0)).length).toBe(turns.length);
    expect(results.map((r) => r.code)).toEqual(lines.map(() => 0));
    await a.command(() => undefined);
    await b.command(() => undefined);
    expect(dumpHost(a)).toEqual(dumpHost(b));
    expect(dumpHost(await reopen())).toEqual(dumpHost(a));
    expect(tags(a)).toEqual(['mine:a', 'mine:b', 'mine:b2', 'nginx:latest']);
    expect([...a.state.containers.values()].map((c) => c.name)).toEqual(['two']);
    expect(a.invariants()).toEqual([]);
  });

  it("an undo step from before the other tab's change is refused instead of wiping that change", async () => {
    const { a, b } = await twoTabs();
    await b.pull('busybox');
    const step = b.snapshot();
    await b.pull('redis');
    await a.pull('nginx');
    await expect(b.restore(step)).rejects.toThrow(OTHER_TAB_CHANGED);
    expect(tags(b)).toEqual(['busybox:latest', 'nginx:latest', 'redis:latest']);
    // A step taken after catching up can be put back: only b's own later change goes.
    const fresh = b.snapshot();
    await b.rmi(['redis']);
    await b.restore(fresh);
    expect(tags(b)).toEqual(['busybox:latest', 'nginx:latest', 'redis:latest']);
  });

  it("a shell inside a container follows the container's record after the other tab's change", async () => {
    const { a, b } = await twoTabs();
    await a.pull('nginx');
    await run(a, 'docker run -d --name web nginx');
    await b.command(() => undefined);
    const ctr = b.container('web');
    const { containerSession } = await import('../../src/cli/session');
    const shell = containerSession(b, ctr, { shell: 'sh' });
    await a.changeFs('web', (u) => u.writeFile('/from-a.txt', textContent('a\n'), { mtime: 1 }));
    let out = '';
    const io: Stdio = {
      out: (s) => (out += s),
      err: (s) => (out += s),
      stdin: null,
      tty: false,
      columns: 80,
    };
    const r = await shell.run('cat /from-a.txt', io);
    expect([r.code, out]).toEqual([0, 'a\n']);
    await run(a, 'docker rm -f web');
    const gone = await shell.run('ls', io);
    expect(gone.leave).toBe(true);
  });
});
