// What a container shows must be what its committed layer gives back: for random operations on an
// Upper over random lower stacks, applying the lowers plus the upper's layer (written to a tar and
// read back) gives the Upper's merged tree.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors';
import type { Entry } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';
import { Union } from '../../src/engine/fs/union';
import { Upper } from '../../src/engine/fs/upper';
import { applyLayers, layerFromTar } from '../../src/engine/oci/apply';
import { tarChunks } from '../../src/engine/oci/tar';
import { layerEntries, RUNS, text, view } from './helpers';

const NAMES = ['a', 'b', 'c', '日'];
const pathArb = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...NAMES), { minLength: 3, maxLength: 3 }) },
  )
  .map((segs) => '/' + segs.join('/'));
const linkPathArb = fc.constantFrom('/f', '/g', '/a/f', '/a/g', '/b/g', '/日/f');
const mtimeArb = fc.integer({ min: 0, max: 2_000_000_000 });

type Op =
  | { op: 'write'; path: string; data: string; append: boolean; mtime: number }
  | { op: 'mkdir'; path: string; parents: boolean; mtime: number }
  | { op: 'unlink' | 'rmdir' | 'remove'; path: string }
  | { op: 'rename' | 'link'; path: string; to: string }
  | { op: 'copy'; path: string; to: string; mtime: number }
  | { op: 'symlink'; path: string; target: string; mtime: number }
  | { op: 'chmod'; path: string; mode: number }
  | { op: 'chown'; path: string; uid: number; gid: number }
  | { op: 'utimes'; path: string; mtime: number }
  | { op: 'recreate'; path: string; mtime: number }
  | { op: 'write+link'; path: string; to: string; mtime: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('write' as const),
      path: pathArb,
      data: fc.string({ maxLength: 6 }),
      append: fc.boolean(),
      mtime: mtimeArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('mkdir' as const),
      path: pathArb,
      parents: fc.boolean(),
      mtime: mtimeArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom('unlink' as const, 'rmdir' as const, 'remove' as const),
      path: pathArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom('rename' as const, 'link' as const),
      path: pathArb,
      to: pathArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('copy' as const), path: pathArb, to: pathArb, mtime: mtimeArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('symlink' as const),
      path: pathArb,
      target: fc.constantFrom('a', '/b', '../c', 'x'),
      mtime: mtimeArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('chmod' as const),
      path: pathArb,
      mode: fc.integer({ min: 0, max: 0o7777 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('chown' as const),
      path: pathArb,
      uid: fc.nat(70_000),
      gid: fc.nat(70_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('utimes' as const), path: pathArb, mtime: mtimeArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('recreate' as const), path: pathArb, mtime: mtimeArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('write+link' as const),
      path: linkPathArb,
      to: fc.oneof(linkPathArb, pathArb),
      mtime: mtimeArb,
    }),
  },
);

function run(u: Upper, o: Op): void {
  try {
    switch (o.op) {
      case 'write':
        u.writeFile(o.path, text(o.data), { mtime: o.mtime, append: o.append });
        break;
      case 'mkdir':
        u.mkdir(o.path, { mtime: o.mtime, parents: o.parents });
        break;
      case 'unlink':
        u.unlink(o.path);
        break;
      case 'rmdir':
        u.rmdir(o.path);
        break;
      case 'remove':
        u.remove(o.path);
        break;
      case 'rename':
        u.rename(o.path, o.to);
        break;
      case 'link':
        u.link(o.path, o.to);
        break;
      case 'copy':
        u.copy(o.path, o.to, o.mtime);
        break;
      case 'symlink':
        u.symlink(o.target, o.path, o.mtime);
        break;
      case 'chmod':
        u.chmod(o.path, o.mode);
        break;
      case 'chown':
        u.chown(o.path, o.uid, o.gid);
        break;
      case 'utimes':
        u.utimes(o.path, o.mtime);
        break;
      case 'write+link':
        u.writeFile(o.path, text('linked'), { mtime: o.mtime });
        u.link(o.path, o.to);
        break;
      case 'recreate':
        // rm -r, then mkdir and a file in it: a directory over a whiteout becomes opaque
        u.remove(o.path);
        u.mkdir(o.path, { mtime: o.mtime });
        u.writeFile(`${o.path}/a`, text('new'), { mtime: o.mtime });
        break;
    }
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
  }
}

/** A merged tree as plain filesystem data: no opaque flags (a layer notion), contents hashed. */
function plain(tree: Map<string, Entry>): [string, unknown][] {
  return view(
    [...tree].map(([p, e]): [string, Entry] => {
      if (e.type !== 'dir' || !e.opaque) return [p, e];
      const { opaque: _opaque, ...d } = e;
      return [p, d];
    }),
  );
}

const stackArb = fc.array(
  layerEntries(fc.constantFrom(...NAMES), 12).map((m) => Layer.from(m)),
  { minLength: 1, maxLength: 3 },
);

describe('commit round trip through a tar', () => {
  it('applyLayers agrees with Union on random stacks', () => {
    fc.assert(
      fc.property(stackArb, (lowers) => {
        expect(plain(applyLayers(lowers))).toEqual(plain(new Union(lowers).tree()));
      }),
      { numRuns: RUNS },
    );
  });

  it('lowers + layerFromTar(tar(upper.toLayer())) applied give the container’s merged tree', async () => {
    await fc.assert(
      fc.asyncProperty(stackArb, fc.array(opArb, { minLength: 3, maxLength: 30 }), async (lowers, ops) => {
        const upper = new Upper(new Union(lowers));
        for (const o of ops) run(upper, o);
        const layer = upper.toLayer();
        const back = await layerFromTar(tarChunks(layer));
        const merged = plain(upper.view().tree());
        expect(plain(applyLayers([...lowers, layer]))).toEqual(merged);
        expect(plain(applyLayers([...lowers, back]))).toEqual(merged);
      }),
      { numRuns: RUNS },
    );
  });
});
