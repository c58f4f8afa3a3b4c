// The archive fuzz's inputs: valid archives of every layout (docker save of a catalog image and of a
// committed one, the legacy layout, an OCI layout, gzip), and fast-check arbitraries that damage them
// or build hostile ones by hand (lying headers, escaping names and links, junk PAX, manifests that lie,
// gzip bombs), fed to `docker load` whole, in ragged chunks or as an async stream.

import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { textContent } from '../../src/engine/fs/content';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import {
  d,
  enc,
  f,
  layerTar,
  legacyImage,
  modernImage,
  ociImage,
  ragged,
  sha,
  tarOf,
  type Member,
} from '../engine/load-helpers';
import {
  EOA,
  concat,
  craftHeader,
  mutate,
  padded,
  paxEntry,
  type CraftHeader,
  type Mutation,
} from './tar-craft';

export interface Sample {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const small = layerTar([
  ['/etc', d()],
  ['/etc/motd', f('welcome\n')],
  ['/bin', d()],
  ['/bin/hello', f('#!/bin/sh\necho hi\n', 0o755)],
]);
const top = layerTar([
  ['/etc', d()],
  ['/etc/motd', f('changed\n')],
  ['/srv', d()],
  ['/srv/app.txt', f('app\n')],
]);

/** Valid archives, each loading cleanly on a fresh host. */
export async function validArchives(): Promise<Sample[]> {
  const { engine } = await openHost({ seed: 11, time: GOLDEN_TIME });
  await engine.pull('hello-world');
  const saved = concat(await engine.save(['hello-world']));
  await engine.run({ image: 'hello-world', name: 'box' });
  await engine.changeFs('box', (u) => {
    u.mkdir('/data/deep/er', { mtime: 1, parents: true });
    u.writeFile('/data/deep/er/note.txt', textContent('note\n'), { mtime: 2 });
    u.symlink('../../etc/passwd', '/data/link', 3);
    u.remove('/hello');
  });
  await engine.commit({ container: 'box', reference: 'committed:1' });
  const committed = concat(await engine.save(['committed:1', 'hello-world']));
  return [
    { name: 'docker save (catalog image)', bytes: saved },
    { name: 'docker save (committed image + its base)', bytes: committed },
    { name: 'legacy layout', bytes: tarOf(legacyImage([small, top, small], 'legacy:1')) },
    { name: 'OCI layout', bytes: tarOf(ociImage([small, top], 'docker.io/library/oci:1')) },
    { name: 'gzipped docker save', bytes: gzipSync(saved, { level: 1, mtime: 0 }) },
  ];
}

// ---- how the bytes arrive ----

export type Delivery = 'whole' | 'ragged' | 'async';

export function deliver(
  bytes: Uint8Array,
  how: Delivery,
  seed: number,
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  if (how === 'whole') return [bytes];
  if (how === 'ragged') return [...ragged(bytes, seed)];
  return (async function* () {
    for (const c of ragged(bytes, seed)) {
      await Promise.resolve();
      yield c;
    }
  })();
}

// ---- arbitraries ----

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    remove: fc.nat(1024),
    insert: fc.uint8Array({ maxLength: 600 }),
  }),
  fc.record({ kind: fc.constant('zero-block' as const), block: fc.nat() }),
  fc.record({ kind: fc.constant('repeat-block' as const), block: fc.nat() }),
  fc.record({
    kind: fc.constant('field' as const),
    header: fc.nat(),
    field: fc.constantFrom(
      'name',
      'mode',
      'size',
      'typeflag',
      'linkname',
      'magic',
      'prefix',
      'chksum',
      'mtime',
      'uid',
    ) as fc.Arbitrary<Mutation extends { field: infer K } ? K : never>,
    value: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 12 }),
      fc
        .constantFrom(
          '../../x',
          '/etc/passwd',
          '77777777777',
          '-1',
          '1',
          '2',
          '5',
          'x',
          'L',
          '3',
          '',
          'a/../..',
        )
        .map((s) => enc.encode(s)),
    ),
  }),
);

/** A valid archive damaged by one to four mutations (the plain tar inside a gzip one is damaged too). */
export function mutatedArchive(valid: readonly Sample[]): fc.Arbitrary<Sample> {
  return fc
    .record({ i: fc.nat(valid.length - 1), ms: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
    .map(({ i, ms }) => {
      const base = valid[i]!;
      return {
        name: `${base.name} ${ms.map((m) => m.kind).join('+')}`,
        bytes: ms.reduce(mutate, base.bytes),
      };
    });
}

const NAMES = [
  'etc/passwd',
  '../escape',
  '../../../../etc/shadow',
  '/abs/file',
  './a/./b',
  'a/../../b',
  'a//b',
  'a/b/../c',
  '.',
  './',
  '',
  '/',
  '.wh.etc',
  'etc/.wh..wh..opq',
  '.wh..wh..opq',
  'a/.wh.',
  'a/.wh..wh.x',
  'x'.repeat(120),
  `${'deep/'.repeat(60)}leaf`,
  // Past Linux's PATH_MAX (only a PAX record can carry it): refused, however many directories.
  `${'d/'.repeat(2100)}x`,
  '日本/🐳',
  'bin',
  'bin/sh',
  'etc',
];
const LINKS = [
  '../../etc/shadow',
  '/etc/passwd',
  'etc/passwd',
  'bin/sh',
  '',
  '..',
  '/',
  'a/../../..',
  'loop',
  'bin',
];

/** Mostly sound entries, each with a small chance of every kind of lie, so that some layers load. */
const craftArb: fc.Arbitrary<{
  header: CraftHeader;
  body: Uint8Array;
  pax: [string, string][] | string | null;
  lie: number;
}> = fc.record({
  header: fc.record(
    {
      name: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAMES) }, fc.string({ maxLength: 30 })),
      typeflag: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('0', '0', '0', '\0', '1', '2', '5', '5', '5') },
        fc.constantFrom('7', '3', '6', 'x', 'g', 'L', 'K', 'S', 'z'),
      ),
      linkname: fc.constantFrom(...LINKS),
      mode: fc.constantFrom(0o644, 0o755, 0o4777, 0o170777, 0),
      prefix: fc.constantFrom('', '', '', '', '..', '/abs', 'pre/fix'),
      format: fc.constantFrom('ustar', 'ustar', 'ustar', 'gnu', 'v7') as fc.Arbitrary<'ustar' | 'gnu' | 'v7'>,
      checksum: fc.oneof({ weight: 40, arbitrary: fc.constant('good') }, fc.constantFrom('bad', '', 'zz')),
      mtime: fc.oneof(
        { weight: 20, arbitrary: fc.constant(1_700_000_000) },
        fc.integer(),
        fc.constantFrom('junk', ' 17 ', ''),
      ),
    },
    { requiredKeys: ['name'] },
  ),
  body: fc.uint8Array({ maxLength: 1200 }),
  pax: fc.option(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.array(
          fc.tuple(
            fc.constantFrom(
              'path',
              'path',
              'linkpath',
              'size',
              'uid',
              'gid',
              'mtime',
              'uname',
              'junk.key',
              'SCHILY.xattr.x',
            ),
            fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...NAMES, ...LINKS, '12', '0', '1700000000') },
              fc.constantFrom('-5', '99999999999999999', '1.5', 'a\0b'),
              fc.string({ maxLength: 20 }),
            ),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      },
      fc.constantFrom('junk', '5 a=b\n', '99 path=x\n', '0 =\n', '7 path\n', '12 path=a\0b\n'),
    ),
    { freq: 5 },
  ),
  /** How the size field lies: 0 (mostly) tells the truth, 1-6 are the lies below. */
  lie: fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 6 })),
});

const TAME_TYPES = ['0', '\0', '1', '2', '5'];

function sizeField(lie: number, n: number): number | string {
  switch (lie) {
    case 1:
      return n + 1;
    case 2:
      return Math.max(0, n - 1);
    case 3:
      return 2 ** 40;
    case 4:
      return -1;
    case 5:
      return '9999';
    case 6:
      return ' 1 2 ';
    default:
      return n;
  }
}

/** A tar of hand-made, mostly hostile entries (the end-of-archive marker left off now and then). */
export const hostileTar: fc.Arbitrary<Uint8Array> = fc
  .record({
    entries: fc.array(craftArb, { minLength: 1, maxLength: 12 }),
    end: fc.boolean(),
    many: fc.nat(7),
    tame: fc.boolean(),
  })
  .map(({ entries, end, many, tame }) => {
    const parts: Uint8Array[] = [];
    // A tame tar is short, so that one bad name does not spoil every one of them.
    for (const e of tame ? entries.slice(0, 1 + (many % 4)) : entries) {
      // A tame tar keeps its structure sound and lies only in names and links: the part that must
      // never put anything outside the layer when it is accepted.
      const pax = !tame
        ? e.pax
        : typeof e.pax === 'string'
          ? null
          : (e.pax?.filter(([k, v]) => (k === 'path' || k === 'linkpath') && !v.includes('\0')) ?? null);
      const header: CraftHeader = tame
        ? {
            name: e.header.name,
            typeflag: TAME_TYPES.includes(e.header.typeflag ?? '0') ? e.header.typeflag : '0',
            linkname: e.header.linkname,
            prefix: e.header.prefix,
          }
        : e.header;
      if (pax !== null && pax.length) parts.push(...paxEntry(pax));
      // Links and directories have no content in a sound tar (the reader skips none for them).
      const body = tame && header.typeflag !== '0' && header.typeflag !== '\0' ? new Uint8Array(0) : e.body;
      parts.push(craftHeader({ ...header, size: sizeField(tame ? 0 : e.lie, body.length) }), padded(body));
    }
    // Now and then very many tiny entries (the entry cap is lowered for such runs).
    if (many === 7) for (let i = 0; i < 3000; i++) parts.push(craftHeader({ name: `m/${i}`, typeflag: '5' }));
    if (end || tame || many === 7) parts.push(EOA);
    return concat(parts);
  });

const bombs = new Map<number, Uint8Array>();

/** A gzip that inflates enormously: a tar with one file of zeros (made once per size). */
export const gzipBomb: fc.Arbitrary<Uint8Array> = fc.constantFrom(2, 4, 8, 16).map((mib) => {
  let bomb = bombs.get(mib);
  if (!bomb) {
    const zeros = new Uint8Array(mib * 1024 * 1024);
    bomb = gzipSync(concat([craftHeader({ name: 'zeros', size: zeros.length }), zeros, EOA]), { level: 9 });
    bombs.set(mib, bomb);
  }
  return bomb;
});

/** A hostile layer tar inside an otherwise valid image, in one of the layouts (its diffID matches). */
export const hostileLayerArchive: fc.Arbitrary<Sample> = fc
  .record({
    layer: fc.oneof({ weight: 5, arbitrary: hostileTar }, { weight: 1, arbitrary: gzipBomb }),
    layout: fc.constantFrom('modern', 'legacy', 'oci'),
    below: fc.boolean(),
    gzipOuter: fc.boolean(),
  })
  .map(({ layer, layout, below, gzipOuter }) => {
    const layers = below ? [small, layer] : [layer];
    const members =
      layout === 'modern'
        ? modernImage(layers, 'hostile:layer')
        : layout === 'legacy'
          ? legacyImage(layers, 'hostile:legacy')
          : ociImage(layers, 'docker.io/library/hostile:oci');
    const tar = tarOf(members);
    return { name: `hostile layer (${layout})`, bytes: gzipOuter ? gzipSync(tar, { level: 1 }) : tar };
  });

const TAGS = [
  'ok:1',
  'UPPER:tag',
  'a:b:c',
  '',
  ':',
  'x@sha256:00',
  '../etc',
  'a'.repeat(300),
  'docker.io/library/ok:2',
  '🐳',
];
const PATHS = (cfg: string, layer: string) => [
  cfg,
  layer,
  `../${layer}`,
  `/${layer}`,
  `./${layer}`,
  'manifest.json',
  'nonexistent',
  '',
  'blobs',
  'blobs/sha256',
  'loop',
  `blobs/sha256/${'0'.repeat(64)}`,
];

/** A Docker 25+ archive whose manifest.json lies: wrong paths, wrong types, junk JSON, odd tags. */
export const lyingManifest: fc.Arbitrary<Sample> = fc
  .record({
    config: fc.nat(11),
    layers: fc.array(fc.nat(11), { maxLength: 4 }),
    tags: fc.oneof(
      fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    junk: fc.option(fc.jsonValue({ maxDepth: 3 }), { freq: 4 }),
    extra: fc.boolean(),
    loop: fc.boolean(),
  })
  .map(({ config, layers, tags, junk, extra, loop }) => {
    const base = modernImage([small], null);
    const layerName = `blobs/sha256/${sha(small)}`;
    const cfgName = base.find((m) => m.name.startsWith('blobs/sha256/') && m.name !== layerName)!.name;
    const paths = PATHS(cfgName, layerName);
    const manifest = junk ?? [
      { Config: paths[config], RepoTags: tags, Layers: layers.map((i) => paths[i]) },
      ...(extra ? [{ Config: cfgName, Layers: [layerName], RepoTags: ['ok:extra'] }] : []),
    ];
    const members: Member[] = base.filter((m) => m.name !== 'manifest.json');
    if (loop) {
      members.push({ name: 'loop', raw: { name: 'loop', typeflag: '2', linkname: 'loop2' } });
      members.push({ name: 'loop2', raw: { name: 'loop2', typeflag: '2', linkname: '/loop' } });
    }
    members.push({ name: 'manifest.json', bytes: enc.encode(JSON.stringify(manifest) ?? 'null') });
    return { name: 'lying manifest.json', bytes: tarOf(members) };
  });

/** An outer archive of hostile members around a valid image (the image may still load). */
export const hostileOuter: fc.Arbitrary<Sample> = fc
  .record({ junk: hostileTar, before: fc.boolean() })
  .map(({ junk, before }) => {
    const image = tarOf(modernImage([small], 'outer:1'));
    const junkBody =
      junk.length >= 1024 && junk.subarray(-1024).every((b) => b === 0) ? junk.subarray(0, -1024) : junk;
    const imageBody = image.subarray(0, image.length - 1024);
    const bytes = before ? concat([junkBody, imageBody, EOA]) : concat([imageBody, junkBody, EOA]);
    return { name: 'hostile outer members', bytes };
  });

export const randomBytes: fc.Arbitrary<Sample> = fc
  .oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc.uint8Array({ maxLength: 2000 }).map((b) => concat([new Uint8Array([0x1f, 0x8b, 8, 0]), b])),
    fc.nat(6).map((n) => new Uint8Array(n * 512)),
    fc.uint8Array({ minLength: 512, maxLength: 512 }).map((b) => concat([b, EOA])),
  )
  .map((bytes) => ({ name: 'random bytes', bytes }));
