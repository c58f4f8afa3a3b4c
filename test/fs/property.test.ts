// Property (a): for random operations over random lower stacks, the Upper's merged view is what plain
// Linux gives on one flat tree (LinuxModel, started from applyLayers of the lowers), and an operation
// fails in one exactly when it fails in the other, with the same errno, changing nothing.
// Property (c), the Upper's part: its layer stacked on the lowers, by Union or by applyLayers, gives
// the same tree again; and `diff()` is moby's naive tree diff of the lower tree against that tree.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors';
import type { Entry, Meta } from '../../src/engine/fs/entry';
import { entrySize } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';
import { Union } from '../../src/engine/fs/union';
import { Upper } from '../../src/engine/fs/upper';
import type { View } from '../../src/engine/fs/view';
import { applyLayers } from '../../src/engine/oci/apply';
import { byPath, LinuxModel, recOf, type Rec } from './linux-model';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const NAMES = ['a', 'b', 'c'] as const;
const enc = new TextEncoder();

// ---- random lower stacks ----
type Spec =
  | { kind: 'file'; meta: Meta; text: string }
  | { kind: 'symlink'; meta: Meta; target: string }
  | { kind: 'whiteout' }
  | { kind: 'dir'; meta: Meta; opaque: boolean; kids: (Spec | null)[] };

const TARGETS = ['a', 'b/c', '../a', '..', '.', '/a', '/a/b', '/b/c', '/nope', '/c/../a', 'c'];
const metaArb: fc.Arbitrary<Meta> = fc.record({
  mode: fc.constantFrom(0o755, 0o644, 0o700),
  uid: fc.constantFrom(0, 1),
  gid: fc.constantFrom(0, 1),
  mtime: fc.constantFrom(100, 200),
});
const leafArb: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('file' as const),
      meta: metaArb,
      text: fc.constantFrom('', 'x', 'low', 'yy'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('symlink' as const),
      meta: metaArb,
      target: fc.constantFrom(...TARGETS),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'whiteout' as const }) },
);
const kidsArb = (depth: number): fc.Arbitrary<(Spec | null)[]> =>
  fc.tuple(...NAMES.map(() => fc.option(nodeArb(depth), { freq: 2, nil: null })));
const nodeArb = (depth: number): fc.Arbitrary<Spec> =>
  depth === 0
    ? leafArb
    : fc.oneof(
        { weight: 2, arbitrary: leafArb },
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant('dir' as const),
            meta: metaArb,
            opaque: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
            kids: kidsArb(depth - 1),
          }),
        },
      );

function flatten(dir: string, kids: (Spec | null)[], out: [string, Entry][] = []): [string, Entry][] {
  kids.forEach((s, i) => {
    if (!s) return;
    const p = dir === '/' ? `/${NAMES[i]}` : `${dir}/${NAMES[i]}`;
    if (s.kind === 'whiteout') out.push([p, { type: 'whiteout', mode: 0o600, uid: 0, gid: 0, mtime: 100 }]);
    else if (s.kind === 'file')
      out.push([p, { type: 'file', ...s.meta, content: { kind: 'bytes', bytes: enc.encode(s.text) } }]);
    else if (s.kind === 'symlink') out.push([p, { type: 'symlink', ...s.meta, target: s.target }]);
    else {
      out.push([p, { type: 'dir', ...s.meta, ...(s.opaque ? { opaque: true } : {}) }]);
      flatten(p, s.kids, out);
    }
  });
  return out;
}

const stackArb = fc.array(
  kidsArb(2).map((kids) => Layer.from(flatten('/', kids))),
  { minLength: 2, maxLength: 4 },
);

// ---- random operations ----
type Op =
  | { op: 'write'; path: string; text: string; append: boolean }
  | { op: 'mkdir'; path: string; parents: boolean; mode: number }
  | { op: 'unlink' | 'rmdir' | 'remove'; path: string }
  | { op: 'rename' | 'link'; path: string; to: string }
  | { op: 'copy'; path: string; to: string }
  | { op: 'symlink'; path: string; target: string }
  | { op: 'chmod'; path: string; mode: number }
  | { op: 'chown'; path: string; uid: number; gid: number }
  | { op: 'utimes'; path: string };

/** A path: mostly one the model's tree has now, or a new name in one of its directories. */
type PathSpec = { pick: number; name: string | null } | { literal: string };
const pathArb: fc.Arbitrary<PathSpec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ pick: fc.nat(), name: fc.constant(null) }) },
  { weight: 3, arbitrary: fc.record({ pick: fc.nat(), name: fc.constantFrom('a', 'b', 'c', 'd') }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 })
      .map((s) => ({ literal: '/' + s.join('/') })),
  },
  { weight: 1, arbitrary: fc.constant({ literal: '/' }) },
);
/** A destination: mostly a new name in an existing directory. */
const toArb: fc.Arbitrary<PathSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ pick: fc.nat(), name: fc.constantFrom('a', 'b', 'c', 'd', 'e') }) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), name: fc.constant(null) }) },
  { weight: 1, arbitrary: pathArb },
);
function pathOf(spec: PathSpec, tree: ReadonlyMap<string, Rec>): string {
  if ('literal' in spec) return spec.literal;
  // a new name goes into a directory (or '/'); an existing path is any path
  const from =
    spec.name === null
      ? [...tree.keys()]
      : ['/', ...[...tree].filter(([, r]) => r.type === 'dir').map(([p]) => p)];
  const base = from.length ? (from[spec.pick % from.length] as string) : '/';
  return spec.name === null ? base : base === '/' ? `/${spec.name}` : `${base}/${spec.name}`;
}

type OpSpec = (Op extends unknown ? Omit<Op, 'path' | 'to'> : never) & { path: PathSpec; to?: PathSpec };
const opArb: fc.Arbitrary<OpSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('write' as const),
      path: pathArb,
      text: fc.constantFrom('', 'n', 'new!'),
      append: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('mkdir' as const),
      path: pathArb,
      parents: fc.boolean(),
      mode: fc.constantFrom(0o755, 0o700),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom('unlink' as const, 'rmdir' as const, 'remove' as const),
      path: pathArb,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constantFrom('rename' as const, 'link' as const),
      path: pathArb,
      to: toArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), path: pathArb, to: toArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('symlink' as const),
      path: pathArb,
      target: fc.constantFrom(...TARGETS, '/d', 'd/a'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('chmod' as const),
      path: pathArb,
      mode: fc.constantFrom(0o600, 0o4755),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('chown' as const),
      path: pathArb,
      uid: fc.constantFrom(0, 7),
      gid: fc.constant(7),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('utimes' as const), path: pathArb }) },
);

/** Runs `f`, giving the errno it failed with (other errors are bugs and go on). */
function errnoOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

function onUpper(u: Upper, o: Op, mtime: number): void {
  switch (o.op) {
    case 'write':
      u.writeFile(o.path, { kind: 'bytes', bytes: enc.encode(o.text) }, { mtime, append: o.append });
      return;
    case 'mkdir':
      u.mkdir(o.path, { mtime, mode: o.mode, parents: o.parents });
      return;
    case 'unlink':
    case 'rmdir':
    case 'remove':
      u[o.op](o.path);
      return;
    case 'rename':
    case 'link':
      u[o.op](o.path, o.to);
      return;
    case 'copy':
      u.copy(o.path, o.to, mtime);
      return;
    case 'symlink':
      u.symlink(o.target, o.path, mtime);
      return;
    case 'chmod':
      u.chmod(o.path, o.mode);
      return;
    case 'chown':
      u.chown(o.path, o.uid, o.gid);
      return;
    case 'utimes':
      u.utimes(o.path, mtime);
  }
}

function onModel(m: LinuxModel, o: Op, mtime: number): void {
  switch (o.op) {
    case 'write':
      return m.writeFile(o.path, enc.encode(o.text), o.append, mtime);
    case 'mkdir':
      return m.mkdir(o.path, o.parents, o.mode, mtime);
    case 'unlink':
    case 'rmdir':
    case 'remove':
      return m[o.op](o.path);
    case 'rename':
    case 'link':
      return m[o.op](o.path, o.to);
    case 'copy':
      return m.copy(o.path, o.to, mtime);
    case 'symlink':
      return m.symlink(o.target, o.path, mtime);
    case 'chmod':
      return m.setattr(o.path, { mode: o.mode });
    case 'chown':
      return m.setattr(o.path, { uid: o.uid, gid: o.gid });
    case 'utimes':
      return m.setattr(o.path, { mtime });
  }
}

// ---- comparing trees ----
function recs(tree: ReadonlyMap<string, Entry>, top?: Layer): Map<string, Rec> {
  const out = new Map<string, Rec>();
  for (const p of [...tree.keys()].sort(byPath)) {
    const e = tree.get(p) as Entry;
    // applyLayers keeps hard links as they are: they read as their file in the layer that holds both
    out.set(p, recOf(e.type === 'hardlink' && top ? (top.get(e.target) as Entry) : e));
  }
  return out;
}
const viewRecs = (v: View) => recs(v.tree());

/** moby's addChanges over two flat trees, written again here without any layer in sight. */
function naiveDiff(before: Map<string, Rec>, after: Map<string, Rec>): string[] {
  const names = (m: Map<string, Rec>, dir: string) =>
    [...m.keys()].filter((p) => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/'))) === dir);
  const size = (r: Rec) => (r.text ?? r.target ?? '').length;
  const mode = (r: Rec) => (r.type === 'symlink' ? 0o777 : r.mode); // lstat shows symlinks as 0777
  const differs = (a: Rec, b: Rec) =>
    a.type !== b.type ||
    mode(a) !== mode(b) ||
    a.uid !== b.uid ||
    a.gid !== b.gid ||
    (a.type !== 'dir' && (a.mtime !== b.mtime || size(a) !== size(b)));
  const out: string[] = [];
  const walk = (dir: string, wasDir: boolean) => {
    for (const p of new Set([...names(after, dir), ...(wasDir ? names(before, dir) : [])])) {
      const o = wasDir ? before.get(p) : undefined;
      const n = after.get(p);
      if (!n) {
        if (o) out.push(`D ${p}`);
        continue;
      }
      const mark = out.length;
      const self = !o || differs(o, n);
      if (self) out.push(`${o ? 'C' : 'A'} ${p}`);
      if (n.type !== 'dir') continue;
      walk(p, o?.type === 'dir');
      if (!self && out.length > mark) out.push(`C ${p}`);
    }
  };
  walk('/', true);
  return out.sort((a, b) => byPath(a.slice(2), b.slice(2)));
}

describe('Upper against plain Linux', () => {
  it('random operations on random stacks: same merged tree, same errno, nothing changed on failure', () => {
    fc.assert(
      fc.property(
        stackArb,
        fc.boolean(),
        fc.integer({ min: 2, max: 9 }),
        fc.array(opArb, { minLength: 1, maxLength: 30, size: 'medium' }),
        (lowers, split, reload, specs) => {
          // The container's lower is either one union, or a union with one more layer on top (image + init).
          const lower = split
            ? new Union(lowers.slice(0, -1)).with(lowers.at(-1) as Layer)
            : new Union(lowers);
          let upper = new Upper(lower);
          const start = applyLayers(lowers);
          const model = new LinuxModel(start);
          expect(viewRecs(upper.view())).toEqual(model.tree());
          specs.forEach((spec, i) => {
            const mtime = 1000 + i;
            const now = model.tree();
            const o = {
              ...spec,
              path: pathOf(spec.path, now),
              ...(spec.to ? { to: pathOf(spec.to, now) } : {}),
            } as Op;
            const before = [...upper.entries];
            const got = errnoOf(() => onUpper(upper, o, mtime));
            const want = errnoOf(() => onModel(model, o, mtime));
            expect({ step: i, op: o, errno: got }).toEqual({ step: i, op: o, errno: want });
            if (got) expect([...upper.entries]).toEqual(before);
            expect(viewRecs(upper.view())).toEqual(model.tree());
            expect(upper.size).toBe([...upper.entries.values()].reduce((n, e) => n + entrySize(e), 0));
            // now and then the upper is rebuilt from its entries, as loading a saved session does
            if (i % reload === reload - 1)
              upper = i % 2 ? upper.clone() : Upper.fromEntries(lower, [...upper.entries]);
          });
          // (c): the frozen layer on the lowers gives the merged tree, by Union and by the image-spec rules
          const layer = upper.toLayer();
          const merged = model.tree();
          expect(viewRecs(new Union([...lowers, layer]))).toEqual(merged);
          expect(recs(applyLayers([...lowers, layer]), layer)).toEqual(merged);
          const diff = upper.diff().map((c) => `${c.kind} ${c.path}`);
          expect(diff).toEqual(naiveDiff(recs(start), merged));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
