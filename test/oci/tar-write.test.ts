import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/engine/fs/entry';
import { comparePaths } from '../../src/engine/fs/path';
import {
  canonicalHardlinks,
  headerBlocks,
  splitUstarPath,
  tarBytes,
  tarChunks,
} from '../../src/engine/oci/tar';
import { checksums, paxRecord } from '../../src/engine/oci/tar-format';
import { ascii, dir, file, hardlink, M, symlink, whiteout } from './helpers';

/** The header block at `index` (in blocks) as named fields, ASCII-decoded. */
function fields(tar: Uint8Array, index = 0) {
  const b = tar.subarray(index * 512, index * 512 + 512);
  const f = (off: number, len: number) => ascii(b.subarray(off, off + len));
  return {
    name: f(0, 100),
    mode: f(100, 8),
    uid: f(108, 8),
    gid: f(116, 8),
    size: f(124, 12),
    mtime: f(136, 12),
    chksum: f(148, 8),
    typeflag: f(156, 1),
    linkname: f(157, 100),
    magic: f(257, 6),
    version: f(263, 2),
    uname: f(265, 32),
    gname: f(297, 32),
    devmajor: f(329, 8),
    devminor: f(337, 8),
    prefix: f(345, 155),
    rest: f(500, 12),
  };
}
const nul = (n: number) => '\0'.repeat(n);
const padded = (s: string, n: number) => s + nul(n - s.length);

describe('tar writer: USTAR headers', () => {
  it('writes a regular file header field by field as Go does', () => {
    const tar = tarBytes([
      ['/etc/motd', file('hello\n', { mode: 0o644, uid: 1000, gid: 100, mtime: 1_700_000_000 })],
    ]);
    const h = fields(tar);
    expect(h.name).toBe(padded('etc/motd', 100));
    expect(h.mode).toBe('0000644\0');
    expect(h.uid).toBe('0001750\0');
    expect(h.gid).toBe('0000144\0');
    expect(h.size).toBe('00000000006\0');
    expect(h.mtime).toBe('14524770400\0');
    expect(h.typeflag).toBe('0');
    expect(h.linkname).toBe(nul(100));
    expect(h.magic).toBe('ustar\0');
    expect(h.version).toBe('00');
    expect(h.uname).toBe(nul(32));
    expect(h.gname).toBe(nul(32));
    expect(h.devmajor).toBe('0000000\0');
    expect(h.devminor).toBe('0000000\0');
    expect(h.prefix).toBe(nul(155));
    expect(h.rest).toBe(nul(12));
    expect(ascii(tar.subarray(512, 518))).toBe('hello\n');
    expect(tar.subarray(518, 1024).every((x) => x === 0)).toBe(true);
  });

  it('writes the checksum as six octal digits, NUL, space, equal to the block sum', () => {
    const tar = tarBytes([['/a', file('x')]]);
    const h = fields(tar);
    expect(h.chksum).toMatch(/^[0-7]{6}\0 $/);
    expect(parseInt(h.chksum.slice(0, 6), 8)).toBe(checksums(tar.subarray(0, 512))[0]);
  });

  it('keeps only the permission bits (07777) in mode', () => {
    const tar = tarBytes([['/s', file('', { mode: 0o104755 })]]);
    expect(fields(tar).mode).toBe('0004755\0');
  });

  it('names directories with a trailing slash and no ./ prefix', () => {
    const tar = tarBytes([['/usr', dir()]]);
    const h = fields(tar);
    expect(h.name).toBe(padded('usr/', 100));
    expect(h.typeflag).toBe('5');
    expect(h.size).toBe('00000000000\0');
  });

  it('writes symlinks as typeflag 2 with the target verbatim', () => {
    const h = fields(tarBytes([['/bin/sh', symlink('dash')]]));
    expect(h.typeflag).toBe('2');
    expect(h.linkname).toBe(padded('dash', 100));
    expect(h.mode).toBe('0000777\0');
  });

  it('writes hard links as typeflag 1 with the target without its leading slash', () => {
    const tar = tarBytes([
      ['/bin', dir()],
      ['/bin/gzip', file('gz')],
      ['/bin/gunzip', hardlink('/bin/gzip')],
    ]);
    // walk order: bin/, bin/gunzip, bin/gzip — the link comes first, so it carries the file
    expect(fields(tar, 1).name).toBe(padded('bin/gunzip', 100));
    expect(fields(tar, 1).typeflag).toBe('0');
    expect(fields(tar, 3).name).toBe(padded('bin/gzip', 100));
    expect(fields(tar, 3).typeflag).toBe('1');
    expect(fields(tar, 3).linkname).toBe(padded('bin/gunzip', 100));
    expect(fields(tar, 3).size).toBe('00000000000\0');
  });

  it('writes a whiteout as an empty regular .wh. file, mode 0600, keeping owner and mtime', () => {
    const h = fields(tarBytes([['/etc/old.conf', whiteout({ mode: 0, uid: 7, gid: 8, mtime: 99 })]]));
    expect(h.name).toBe(padded('etc/.wh.old.conf', 100));
    expect(h.typeflag).toBe('0');
    expect(h.mode).toBe('0000600\0');
    expect(h.size).toBe('00000000000\0');
    expect([h.uid, h.gid, h.mtime]).toEqual(['0000007\0', '0000010\0', '00000000143\0']);
  });

  it('follows an opaque directory header with its .wh..wh..opq marker', () => {
    const tar = tarBytes([
      ['/var', dir({ mode: 0o2775, uid: 5, gid: 6 }, true)],
      ['/var/a', file('')],
    ]);
    expect(fields(tar, 0).name).toBe(padded('var/', 100));
    const m = fields(tar, 1);
    expect(m.name).toBe(padded('var/.wh..wh..opq', 100));
    expect(m.typeflag).toBe('0');
    expect(m.mode).toBe('0000775\0');
    expect([m.uid, m.gid, m.mtime, m.size]).toEqual([
      '0000005\0',
      '0000006\0',
      '00000000000\0',
      '00000000000\0',
    ]);
    expect(fields(tar, 2).name).toBe(padded('var/a', 100));
  });

  it('ends with exactly two zero blocks', () => {
    const tar = tarBytes([['/a', file('abc')]]);
    expect(tar.length).toBe(512 * 4);
    expect(tar.subarray(1024).every((x) => x === 0)).toBe(true);
    expect(tarBytes([]).length).toBe(1024);
    expect(tarBytes([]).every((x) => x === 0)).toBe(true);
  });
});

describe('tar writer: long and non-ASCII names', () => {
  it('splits a long ASCII name into prefix and name when it can (plain USTAR)', () => {
    const long = `/${'d'.repeat(80)}/${'f'.repeat(90)}`;
    const tar = tarBytes([[long, file('')]]);
    const h = fields(tar);
    expect(h.name).toBe(padded('f'.repeat(90), 100));
    expect(h.prefix).toBe(padded('d'.repeat(80), 155));
    expect(tar.length).toBe(512 * 3);
  });

  it('a name of exactly 100 bytes fills the field without a NUL', () => {
    const name = 'n'.repeat(100);
    const h = fields(tarBytes([[`/${name}`, file('')]]));
    expect(h.name).toBe(name);
    expect(h.prefix).toBe(nul(155));
  });

  it('an unsplittable long name gets a PAX header with only a path record', () => {
    const name = `${'a'.repeat(120)}.txt`;
    const tar = tarBytes([[`/${name}`, file('hi')]]);
    const x = fields(tar, 0);
    expect(x.typeflag).toBe('x');
    expect(x.name).toBe(padded(`PaxHeaders.0/${name}`.slice(0, 100), 100));
    expect([x.mode, x.uid, x.gid, x.mtime]).toEqual(['0000000\0', '0000000\0', '0000000\0', '00000000000\0']);
    expect(x.magic + x.version).toBe('ustar\x0000');
    expect(x.devmajor).toBe(nul(8));
    const record = `134 path=${name}\n`;
    expect(record.length).toBe(134); // the length counts its own digits
    expect(x.size).toBe(`${(134).toString(8).padStart(11, '0')}\0`);
    expect(ascii(tar.subarray(512, 512 + 134))).toBe(record);
    const main = fields(tar, 2);
    expect(main.name).toBe(name.slice(0, 100));
    expect(main.typeflag).toBe('0');
    expect(main.size).toBe('00000000002\0');
    expect(main.prefix).toBe(nul(155));
  });

  it('a non-ASCII name gets a PAX path record and an ASCII-only best effort in the header', () => {
    const tar = tarBytes([
      ['/docs', dir()],
      ['/docs/日本語.txt', file('')],
    ]);
    const x = fields(tar, 1);
    expect(x.typeflag).toBe('x');
    expect(x.name).toBe(padded('docs/PaxHeaders.0/.txt', 100));
    const rec = new TextDecoder().decode(tar.subarray(1024, 1024 + 27));
    expect(rec).toBe('27 path=docs/日本語.txt\n');
    expect(fields(tar, 3).name).toBe(padded('docs/.txt', 100));
  });

  it('a long link target gets a PAX linkpath record', () => {
    const target = `/${'t'.repeat(150)}`;
    const tar = tarBytes([['/l', symlink(target)]]);
    expect(fields(tar, 0).typeflag).toBe('x');
    expect(ascii(tar.subarray(512, 512 + 165))).toBe(`165 linkpath=${target}\n`);
    expect(fields(tar, 2).linkname).toBe(target.slice(0, 100));
  });

  it('numbers beyond their octal fields move to PAX records, sorted by key', () => {
    const [x, body, main] = headerBlocks({
      name: 'f',
      typeflag: '0',
      linkname: '',
      mode: 0o644,
      uid: 3_000_000,
      gid: 1,
      size: 0,
      mtime: 2 ** 34,
    });
    expect(ascii(x!.subarray(156, 157))).toBe('x');
    expect(ascii(body!).replace(/\0+$/, '')).toBe('21 mtime=17179869184\n15 uid=3000000\n');
    expect(ascii(main!.subarray(108, 116))).toBe('0000000\0');
  });

  it('a PAX record length that gains a digit counts the extra digit', () => {
    expect(paxRecord('path', 'x'.repeat(90))).toBe(`99 path=${'x'.repeat(90)}\n`);
    const r = paxRecord('path', 'x'.repeat(91));
    expect(r).toBe(`101 path=${'x'.repeat(91)}\n`);
    expect(r.length).toBe(101);
    expect(paxRecord('path', '日')).toBe('12 path=日\n'); // counted in UTF-8 bytes
  });

  it('splitUstarPath follows Go: no split for short, non-ASCII or unsplittable names', () => {
    expect(splitUstarPath('short')).toBeUndefined();
    expect(splitUstarPath(`${'a'.repeat(50)}/${'b'.repeat(60)}`)).toEqual(['a'.repeat(50), 'b'.repeat(60)]);
    expect(splitUstarPath(`${'a'.repeat(50)}/${'b'.repeat(60)}/`)).toEqual([
      'a'.repeat(50),
      `${'b'.repeat(60)}/`,
    ]);
    expect(splitUstarPath(`${'a'.repeat(200)}/b`)).toBeUndefined();
    expect(splitUstarPath(`x/${'b'.repeat(101)}`)).toBeUndefined();
    expect(splitUstarPath(`é${'a'.repeat(50)}/${'b'.repeat(60)}`)).toBeUndefined();
  });
});

describe('tar writer: order and streaming', () => {
  it('writes entries in Go walk order whatever order they are given in', () => {
    const entries: [string, Entry][] = [
      ['/a-b', file('')],
      ['/a/c', file('')],
      ['/a', dir()],
      ['/B', file('')],
      ['/é', file('')],
      ['/😀', file('')],
      ['/\uffee', file('')],
    ];
    const sorted = [...entries].sort((x, y) => comparePaths(x[0], y[0])).map(([p]) => p);
    expect(sorted).toEqual(['/B', '/a', '/a/c', '/a-b', '/é', '/\uffee', '/😀']);
    expect(tarBytes(entries)).toEqual(
      tarBytes(sorted.map((p) => [p, entries.find(([q]) => q === p)![1]] as const)),
    );
  });

  it('streams big contents in chunks of at most 64 KiB and gets every byte out', () => {
    const size = 10 * 1024 * 1024 + 3;
    let total = 0;
    let largest = 0;
    for (const c of tarChunks([['/big', { type: 'file', ...M, content: { kind: 'fill', size, seed: 1 } }]])) {
      total += c.length;
      largest = Math.max(largest, c.length);
    }
    expect(largest).toBeLessThanOrEqual(64 * 1024);
    expect(total).toBe(512 + Math.ceil(size / 512) * 512 + 1024);
  });

  it('gives a hard-link group the first path in walk order and the file’s meta', () => {
    const out = canonicalHardlinks([
      ['/z', file('data', { mode: 0o755, uid: 3 })],
      ['/a', hardlink('/z', { mode: 0o600 })],
      ['/m', hardlink('/z')],
    ]);
    expect(out).toEqual([
      ['/a', file('data', { mode: 0o755, uid: 3 })],
      ['/m', hardlink('/a', { mode: 0o755, uid: 3 })],
      ['/z', hardlink('/a', { mode: 0o755, uid: 3 })],
    ]);
  });

  it('refuses a hard link whose target is not a regular file of the layer', () => {
    expect(() => tarBytes([['/a', hardlink('/nope')]])).toThrow('not a regular file of the layer');
  });
});
