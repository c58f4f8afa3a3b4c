import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readTar,
  readTarEntries,
  readTarSync,
  tarBytes,
  TarError,
  type TarEvent,
  type TarHeader,
} from '../../src/engine/oci/tar';
import { sealChecksum } from '../../src/engine/oci/tar-format';
import {
  concatAll,
  dir,
  file,
  hardlink,
  layerEntriesArb,
  rawHeader,
  rawTar,
  RUNS,
  splitAt,
  symlink,
  whiteout,
} from './helpers';

const dec = new TextDecoder();

/** Headers (selected fields) and whole contents (decoded once gathered) of every entry. */
function summary(events: Iterable<TarEvent>) {
  const out: { name: string; kind: string; linkname: string; size: number; parts: Uint8Array[] }[] = [];
  for (const ev of events) {
    if (ev.kind === 'entry')
      out.push({
        name: ev.header.name,
        kind: ev.header.kind,
        linkname: ev.header.linkname,
        size: ev.header.size,
        parts: [],
      });
    else out[out.length - 1]!.parts.push(ev.bytes);
  }
  return out.map(({ parts, ...h }) => ({ ...h, content: dec.decode(concatAll(parts)) }));
}

function readError(bytes: Uint8Array): TarError {
  try {
    for (const _ of readTarSync([bytes])) void _;
  } catch (e) {
    if (e instanceof TarError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('tar reader', () => {
  it('reads back every header field the writer wrote', async () => {
    const tar = tarBytes([
      ['/etc', dir({ mode: 0o750, uid: 1, gid: 2, mtime: 3 })],
      ['/etc/motd', file('hi', { uid: 1000, gid: 1001, mtime: 1_700_000_000 })],
      ['/l', symlink('/etc/motd')],
      ['/w', whiteout()],
    ]);
    const headers: TarHeader[] = [];
    for await (const ev of readTar([tar])) if (ev.kind === 'entry') headers.push(ev.header);
    expect(
      headers.map((h) => [
        h.name,
        h.kind,
        h.typeflag,
        h.mode,
        h.uid,
        h.gid,
        h.size,
        h.mtime,
        h.linkname,
        h.format,
        h.offset,
      ]),
    ).toEqual([
      ['etc/', 'dir', '5', 0o750, 1, 2, 0, 3, '', 'ustar', 0],
      ['etc/motd', 'file', '0', 0o644, 1000, 1001, 2, 1_700_000_000, '', 'ustar', 512],
      ['l', 'symlink', '2', 0o777, 0, 0, 0, 1_700_000_000, '/etc/motd', 'ustar', 1536],
      ['.wh.w', 'file', '0', 0o600, 0, 0, 0, 1_700_000_000, '', 'ustar', 2048],
    ]);
  });

  it('applies PAX path, linkpath, size, uid and mtime records', () => {
    const long = 'p'.repeat(150);
    const tar = tarBytes([
      [`/${long}`, file('abc', { uid: 5_000_000, mtime: 2 ** 34 })],
      ['/日本', symlink('t'.repeat(120))],
    ]);
    const hs = [...readTarSync([tar])]
      .filter((e) => e.kind === 'entry')
      .map((e) => (e as { header: TarHeader }).header);
    expect(hs.map((h) => [h.name, h.linkname, h.size, h.uid, h.mtime, h.format])).toEqual([
      [long, '', 3, 5_000_000, 2 ** 34, 'pax'],
      ['日本', 't'.repeat(120), 0, 0, 1_700_000_000, 'pax'],
    ]);
  });

  it('gives the same entries however the input is split into chunks', () => {
    fc.assert(
      fc.property(layerEntriesArb, fc.array(fc.nat(), { maxLength: 8 }), (entries, cuts) => {
        const tar = tarBytes(entries);
        const whole = summary(readTarSync([tar]));
        expect(summary(readTarSync(splitAt(tar, cuts)))).toEqual(whole);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it('accepts an async source and gathers contents per entry', async () => {
    async function* source() {
      yield tarBytes([
        ['/a', file('one')],
        ['/b', hardlink('/a')],
      ]);
    }
    const got: [string, string][] = [];
    for await (const { header, content } of readTarEntries(source()))
      got.push([header.name, dec.decode(content)]);
    expect(got).toEqual([
      ['a', 'one'],
      ['b', ''],
    ]);
  });

  it('ignores anything after the end-of-archive marker, and accepts a lone zero block at the end', () => {
    const tar = tarBytes([['/a', file('x')]]);
    const padded = concatAll([tar, new Uint8Array(8192)]);
    expect(summary(readTarSync([padded]))).toEqual(summary(readTarSync([tar])));
    expect(summary(readTarSync([tar.subarray(0, tar.length - 512)]))).toHaveLength(1);
  });

  it('joins the USTAR prefix and treats old-style regular files with a trailing slash as directories', () => {
    const tar = rawTar([
      { name: 'file.txt', prefix: 'some/dir', content: 'z' },
      { name: 'olddir/', typeflag: '\0' },
      { name: 'v7file', magic: '\0\0\0\0\0\0\0\0' },
    ]);
    expect(summary(readTarSync([tar])).map((e) => [e.name, e.kind, e.content])).toEqual([
      ['some/dir/file.txt', 'file', 'z'],
      ['olddir/', 'dir', ''],
      ['v7file', 'file', ''],
    ]);
  });

  it('reports devices, FIFOs and unknown types without judging them', () => {
    const tar = rawTar([
      { name: 'dev/null', typeflag: '3' },
      { name: 'p', typeflag: '6' },
      { name: 's', typeflag: 'S' },
    ]);
    expect(summary(readTarSync([tar])).map((e) => e.kind)).toEqual(['chardev', 'fifo', 'other']);
  });
});

describe('tar reader: archives made by GNU tar', () => {
  const work = mkdtempSync(join(tmpdir(), 'oci-read-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const root = join(work, 'root');
  const longDir = 'd'.repeat(120);
  const longFile = 'f'.repeat(130);
  mkdirSync(join(root, longDir), { recursive: true });
  writeFileSync(join(root, longDir, longFile), 'long content');
  writeFileSync(join(root, 'é.txt'), 'accent');
  symlinkSync('l'.repeat(140), join(root, 'sym'));
  execFileSync('ln', [join(root, 'é.txt'), join(root, longDir, 'hard')]);

  for (const format of ['gnu', 'posix', 'ustar'] as const) {
    it(`reads --format=${format}`, () => {
      const out = join(work, `${format}.tar`);
      const args = ['--sort=name', `--format=${format}`, '-cf', out, '-C', root, '.'];
      if (format === 'ustar') {
        // USTAR cannot hold the long names: archive the short ones only
        execFileSync('/usr/bin/tar', ['--sort=name', '--format=ustar', '-cf', out, '-C', root, './é.txt'], {
          env: { ...process.env, LC_ALL: 'C.UTF-8' },
        });
        expect(summary(readTarSync([readFileSync(out)]))).toEqual([
          { name: './é.txt', kind: 'file', linkname: '', size: 6, content: 'accent' },
        ]);
        return;
      }
      execFileSync('/usr/bin/tar', args, { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      const entries = summary(readTarSync([readFileSync(out)]));
      expect(entries).toEqual([
        { name: './', kind: 'dir', linkname: '', size: 0, content: '' },
        { name: `./${longDir}/`, kind: 'dir', linkname: '', size: 0, content: '' },
        { name: `./${longDir}/${longFile}`, kind: 'file', linkname: '', size: 12, content: 'long content' },
        { name: `./${longDir}/hard`, kind: 'file', linkname: '', size: 6, content: 'accent' },
        { name: './sym', kind: 'symlink', linkname: 'l'.repeat(140), size: 0, content: '' },
        { name: './é.txt', kind: 'hardlink', linkname: `./${longDir}/hard`, size: 0, content: '' },
      ]);
    });
  }
});

describe('tar reader: malformed archives', () => {
  const good = tarBytes([
    ['/a', file('hello world')],
    ['/b', file('x'.repeat(700))],
  ]);

  it('a truncated content is an error naming the missing bytes', () => {
    const e = readError(good.subarray(0, 512 + 5));
    expect(e.code).toBe('truncated');
    expect(e.message).toBe("tar: archive ends 6 bytes into an entry's content (at byte 517)");
  });

  it('a cut inside a header block, inside padding, or before the end marker is truncation', () => {
    expect(readError(good.subarray(0, 100)).message).toBe(
      'tar: archive ends inside a header block (at byte 100)',
    );
    expect(readError(good.subarray(0, 600)).message).toBe(
      'tar: archive ends inside block padding (at byte 600)',
    );
    expect(readError(good.subarray(0, 1024)).message).toBe(
      'tar: archive ends without the end-of-archive marker (at byte 1024)',
    );
    expect(readError(new Uint8Array(0)).code).toBe('truncated');
  });

  it('a changed byte in a header fails the checksum', () => {
    const bad = good.slice();
    bad[0] = 'b'.charCodeAt(0);
    const e = readError(bad);
    expect(e.code).toBe('checksum');
    expect(e.offset).toBe(0);
    expect(e.message).toMatch(
      /^tar: bad header checksum: field says "\d{6}", block sums to \d+ \(at byte 0\)$/,
    );
  });

  it('a non-octal number field is rejected', () => {
    const bad = good.slice();
    bad.set(new TextEncoder().encode('0000000001x\0'), 124);
    sealChecksum(bad.subarray(0, 512));
    const e = readError(bad);
    expect(e.code).toBe('number');
    expect(e.message).toBe('tar: bad size field "0000000001x" (at byte 0)');
  });

  it('a garbled PAX record is rejected', () => {
    const tar = rawTar([{ name: 'x', typeflag: 'x', content: '99 path=a\n' }, { name: 'f' }]);
    expect(readError(tar).message).toBe('tar: bad PAX record length 99 (at byte 0)');
    const noEq = rawTar([{ name: 'x', typeflag: 'x', content: '9 pathab\n' }, { name: 'f' }]);
    expect(readError(noEq).message).toBe('tar: PAX record without "=" (at byte 0)');
    const badSize = rawTar([{ name: 'x', typeflag: 'x', content: '12 size=-12\n' }, { name: 'f' }]);
    expect(readError(badSize).message).toBe('tar: bad PAX size "-12" (at byte 0)');
  });

  it('an oversized extended header is refused before reading it', () => {
    const h = rawHeader({ name: 'x', typeflag: 'x', size: 2 * 1024 * 1024 });
    const e = readError(concatAll([h, new Uint8Array(1024)]));
    expect(e.code).toBe('too-large');
  });

  it('a zero block followed by a non-zero block is malformed', () => {
    const tar = concatAll([new Uint8Array(512), rawHeader({ name: 'a' }), new Uint8Array(1024)]);
    expect(readError(tar).message).toBe('tar: a zero block is followed by a non-zero block (at byte 512)');
  });

  it('an extended header with no entry after it is truncation', () => {
    const tar = rawTar([{ name: 'x', typeflag: 'x', content: '12 path=abc\n' }]);
    expect(readError(tar).message).toBe(
      'tar: end-of-archive marker right after an extended header (at byte 1024)',
    );
    const cut = tar.subarray(0, 1024);
    expect(readError(cut).message).toBe('tar: archive ends after an extended header (at byte 1024)');
  });

  it('survives random corruption with either entries or a TarError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (flips, cut) => {
          const bad = good.slice(0, good.length - (cut % 700));
          for (const [i, v] of flips) bad[i % bad.length] = v;
          try {
            for (const _ of readTarSync([bad])) void _;
          } catch (e) {
            expect(e).toBeInstanceOf(TarError);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
