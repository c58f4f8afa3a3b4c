// Shared test helpers for the oci tests: entry builders, a random-layer arbitrary, raw tar headers.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { contentBytes } from '../../src/engine/fs/content';
import type { Content, Entry, Meta } from '../../src/engine/fs/entry';
import { BLOCK, F, field, putOctal, putString, sealChecksum } from '../../src/engine/oci/tar-format';
import { comparePaths } from '../../src/engine/fs/path';

export const RUNS = Number(process.env.FC_RUNS ?? 200);

const enc = new TextEncoder();
export const text = (s: string): Content => ({ kind: 'bytes', bytes: enc.encode(s) });
export const M: Meta = { mode: 0o644, uid: 0, gid: 0, mtime: 1_700_000_000 };
export const file = (s: string, meta: Partial<Meta> = {}): Entry => ({
  type: 'file',
  ...M,
  ...meta,
  content: text(s),
});
export const dir = (meta: Partial<Meta> = {}, opaque = false): Entry => ({
  type: 'dir',
  ...M,
  mode: 0o755,
  ...meta,
  ...(opaque ? { opaque: true } : {}),
});
export const symlink = (target: string, meta: Partial<Meta> = {}): Entry => ({
  type: 'symlink',
  ...M,
  mode: 0o777,
  ...meta,
  target,
});
export const hardlink = (target: string, meta: Partial<Meta> = {}): Entry => ({
  type: 'hardlink',
  ...M,
  ...meta,
  target,
});
export const whiteout = (meta: Partial<Meta> = {}): Entry => ({
  type: 'whiteout',
  ...M,
  mode: 0o600,
  ...meta,
});

/** Entries with every content as real bytes, in walk order: what a tar round trip gives back. */
export function materialize(entries: Iterable<readonly [string, Entry]>): [string, Entry][] {
  return [...entries]
    .map(([p, e]): [string, Entry] =>
      e.type === 'file' ? [p, { ...e, content: { kind: 'bytes', bytes: contentBytes(e.content) } }] : [p, e],
    )
    .sort((a, b) => comparePaths(a[0], b[0]));
}

/** Entries with contents as their sha256 and length: quick to compare, readable in a diff. */
export function view(entries: Iterable<readonly [string, Entry]>): [string, unknown][] {
  return materialize(entries).map(([p, e]) => {
    if (e.type !== 'file') return [p, e];
    const bytes = contentBytes(e.content);
    return [
      p,
      { ...e, content: { length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } },
    ];
  });
}

export function concatAll(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of list) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

export function ascii(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

export interface RawHeader {
  name: string;
  typeflag?: string;
  size?: number;
  mode?: number;
  linkname?: string;
  prefix?: string;
  magic?: string;
}

/** One hand-made USTAR header block (for entries the writer never produces). */
export function rawHeader(h: RawHeader): Uint8Array {
  const b = new Uint8Array(BLOCK);
  putString(field(b, F.name), h.name);
  putOctal(field(b, F.mode), h.mode ?? 0o644);
  putOctal(field(b, F.uid), 0);
  putOctal(field(b, F.gid), 0);
  putOctal(field(b, F.size), h.size ?? 0);
  putOctal(field(b, F.mtime), 0);
  b[F.typeflag[0]] = (h.typeflag ?? '0').charCodeAt(0);
  putString(field(b, F.linkname), h.linkname ?? '');
  b.set(enc.encode(h.magic ?? 'ustar\u000000'), F.magic[0]);
  if (h.prefix) putString(field(b, F.prefix), h.prefix);
  sealChecksum(b);
  return b;
}

/** A tar of raw members: each header followed by its content padded to a block; then the end marker. */
export function rawTar(members: readonly (RawHeader & { content?: string })[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of members) {
    const body = enc.encode(m.content ?? '');
    parts.push(rawHeader({ size: body.length, ...m }));
    const padded = new Uint8Array(Math.ceil(body.length / BLOCK) * BLOCK);
    padded.set(body);
    parts.push(padded);
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return concatAll(parts);
}

// ---- random layers ----

const NAMES = [
  'a',
  'b',
  'a-b',
  'ab',
  'a.b',
  '.x',
  'x y',
  'Z',
  '日本',
  'é',
  '😀',
  '\uffff',
  'n'.repeat(60),
  'm'.repeat(101),
  'wh',
];
export const nameArb = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }) },
  )
  .filter(
    (n) =>
      n !== '.' &&
      n !== '..' &&
      !n.includes('/') &&
      !n.includes('\0') &&
      !n.startsWith('.wh.') &&
      !/[\ud800-\udfff]/.test(n.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')),
  );

export const metaArb: fc.Arbitrary<Meta> = fc.record({
  mode: fc.integer({ min: 0, max: 0o7777 }),
  uid: fc.oneof(fc.constantFrom(0, 1000, 65534), fc.integer({ min: 0, max: 3_000_000 })),
  gid: fc.oneof(fc.constantFrom(0, 1000), fc.integer({ min: 0, max: 3_000_000 })),
  mtime: fc.oneof(fc.constantFrom(0, 1_700_000_000), fc.integer({ min: 0, max: 2 ** 34 })),
});

const contentArb: fc.Arbitrary<Content> = fc.oneof(
  fc.uint8Array({ maxLength: 1500 }).map((bytes): Content => ({ kind: 'bytes', bytes })),
  fc.record({
    kind: fc.constant('fill' as const),
    size: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 60_000, max: 140_000 })),
    seed: fc.nat(),
  }),
);

type Spec =
  | { kind: 'file'; meta: Meta; content: Content }
  | { kind: 'dir'; meta: Meta; opaque: boolean }
  | { kind: 'symlink'; meta: Meta; target: string }
  | { kind: 'hardlink'; meta: Meta; pick: number }
  | { kind: 'whiteout'; meta: Meta };

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('file' as const), meta: metaArb, content: contentArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('dir' as const), meta: metaArb, opaque: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('symlink' as const),
      meta: metaArb,
      target: fc.oneof(
        fc.constantFrom('/etc/passwd', '../x', 'é/日本', 'l'.repeat(120)),
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter((s) => !s.includes('\0') && !/[\ud800-\udfff]/.test(s)),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('hardlink' as const), meta: metaArb, pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('whiteout' as const),
      meta: metaArb.map((m) => ({ ...m, mode: 0o600 })),
    }),
  },
);

/**
 * Random layer entries satisfying Layer's rules: parents present as directories, whiteouts without
 * children, hard links to regular files of the same layer. Whiteouts have mode 0600 (what a tar keeps).
 */
export function layerEntries(
  names: fc.Arbitrary<string> = nameArb,
  maxEntries = 25,
): fc.Arbitrary<Map<string, Entry>> {
  return fc
    .array(fc.tuple(fc.array(names, { minLength: 1, maxLength: 3 }), specArb, metaArb), {
      maxLength: maxEntries,
    })
    .map((items) => {
      const m = new Map<string, Entry>();
      const files: string[] = [];
      for (const [segs, spec, parentMeta] of items) {
        let ok = true;
        let p = '';
        for (const seg of segs.slice(0, -1)) {
          p += '/' + seg;
          const e = m.get(p);
          if (e === undefined) m.set(p, { type: 'dir', ...parentMeta });
          else if (e.type !== 'dir') {
            ok = false;
            break;
          }
        }
        const path = `${p}/${segs[segs.length - 1]!}`;
        if (!ok || m.has(path)) continue;
        switch (spec.kind) {
          case 'file':
            m.set(path, { type: 'file', ...spec.meta, content: spec.content });
            files.push(path);
            break;
          case 'dir':
            m.set(path, { type: 'dir', ...spec.meta, ...(spec.opaque ? { opaque: true } : {}) });
            break;
          case 'symlink':
            m.set(path, { type: 'symlink', ...spec.meta, target: spec.target });
            break;
          case 'hardlink':
            if (files.length > 0)
              m.set(path, { type: 'hardlink', ...spec.meta, target: files[spec.pick % files.length]! });
            break;
          case 'whiteout':
            m.set(path, { type: 'whiteout', ...spec.meta });
            break;
        }
      }
      return m;
    });
}

export const layerEntriesArb = layerEntries();

/** Splits bytes into pieces at the given cut points (mod length), to feed a streaming reader. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}
