// Property (c) of the engine issue: commit, then a new container of the new image sees the same tree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import type { Upper } from '../../src/engine/fs/upper';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpEntries } from '../helpers/dump';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const NAMES = ['a', 'b', 'file1', 'file3', 'dir', 'x.txt'];
const DIRS = ['/', '/dir', '/tmp', '/srv', '/file1', '/newdir']; // not /etc: its bind mounts cannot be removed

const name = fc.constantFrom(...NAMES);
const dirc = fc.constantFrom(...DIRS);
const path = fc.tuple(dirc, name).map(([d, n]) => (d === '/' ? `/${n}` : `${d}/${n}`));
const op = fc.oneof(
  fc.record({ k: fc.constant('write' as const), p: path, t: fc.string({ maxLength: 8 }) }),
  fc.record({ k: fc.constant('append' as const), p: path, t: fc.string({ maxLength: 8 }) }),
  fc.record({ k: fc.constant('mkdir' as const), p: path }),
  fc.record({ k: fc.constant('unlink' as const), p: path }),
  fc.record({ k: fc.constant('remove' as const), p: fc.oneof(path, dirc) }),
  fc.record({ k: fc.constant('rename' as const), p: path, q: path }),
  fc.record({ k: fc.constant('symlink' as const), p: path, q: path }),
  fc.record({ k: fc.constant('chmod' as const), p: path, m: fc.integer({ min: 0, max: 0o777 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(u: Upper, o: Op): void {
  try {
    switch (o.k) {
      case 'write':
        u.writeFile(o.p, textContent(o.t), { mtime: 7 });
        break;
      case 'append':
        u.writeFile(o.p, textContent(o.t), { mtime: 7, append: true });
        break;
      case 'mkdir':
        u.mkdir(o.p, { mtime: 7 });
        break;
      case 'unlink':
        u.unlink(o.p);
        break;
      case 'remove':
        u.remove(o.p);
        break;
      case 'rename':
        u.rename(o.p, o.q);
        break;
      case 'symlink':
        u.symlink(o.q, o.p, 7);
        break;
      case 'chmod':
        u.chmod(o.p, o.m);
        break;
    }
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'FsError') throw e;
  }
}

// Files that differ between any two containers by construction: the init layer's per-container files.
const PER_CONTAINER = new Set(['/etc/hostname', '/etc/hosts']);
const tree = (u: Upper) =>
  dumpEntries(
    [...u.view().tree()]
      .filter(([p]) => !PER_CONTAINER.has(p))
      .map(([p, e]) => [p, p === '/etc' ? { ...e, mtime: 0 } : e]),
  );

describe('commit then run', () => {
  it('a new container of the committed image sees exactly the tree the container had', async () => {
    const { engine } = await openHost({ seed: 77, time: GOLDEN_TIME });
    await engine.pull('layerlab/unionfs-demo');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        n++;
        const c = await engine.create({ image: 'layerlab/unionfs-demo', name: `c${n}` });
        await engine.changeFs(c.id, (u) => {
          for (const o of ops) apply(u, o);
        });
        const { imageId } = await engine.commit({ container: c.id });
        const d = await engine.create({ image: imageId, name: `d${n}` });
        expect(tree(d.upper)).toEqual(tree(c.upper));
        expect(d.upper.entries.size).toBe(0);
        await engine.rm(c.id);
        await engine.rm(d.id);
        await engine.rmi([imageId]);
        expect(engine.invariants()).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
