import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';
import {
  applyLayers,
  entriesFromTar,
  layerFromTar,
  LayerTarError,
  layerPath,
} from '../../src/engine/oci/apply';
import { diffIdOf } from '../../src/engine/oci/digest';
import { nodeSha256 } from '../../src/node/platform';
import { canonicalHardlinks, tarChunks } from '../../src/engine/oci/tar';
import {
  dir,
  file,
  hardlink,
  layerEntriesArb,
  rawTar,
  RUNS,
  symlink,
  view,
  whiteout,
  type RawHeader,
} from './helpers';

const fromRaw = (members: (RawHeader & { content?: string })[]) => entriesFromTar([rawTar(members)]);
const keys = (m: Map<string, Entry>) => [...m.keys()];
const L = (entries: [string, Entry][]) => ({ entries: new Map(entries) });

describe('entriesFromTar: layer tar back to entries', () => {
  it('round-trips any layer through the writer (hard links in their canonical form)', async () => {
    await fc.assert(
      fc.asyncProperty(layerEntriesArb, async (entries) => {
        const layer = Layer.from(entries);
        const back = await layerFromTar(tarChunks(layer));
        expect(view(back.walk())).toEqual(view(canonicalHardlinks(layer)));
        expect(diffIdOf(back, nodeSha256)).toBe(diffIdOf(layer, nodeSha256));
      }),
      { numRuns: RUNS },
    );
  });

  it('turns .wh. files into whiteouts and .wh..wh..opq into an opaque directory', async () => {
    const m = await fromRaw([
      { name: 'etc/', typeflag: '5', mode: 0o755 },
      { name: 'etc/.wh.passwd', mode: 0o600 },
      { name: 'var/', typeflag: '5', mode: 0o700 },
      { name: 'var/.wh..wh..opq' },
    ]);
    expect(m.get('/etc/passwd')).toEqual({ type: 'whiteout', mode: 0o600, uid: 0, gid: 0, mtime: 0 });
    expect(m.get('/var')).toEqual({ type: 'dir', mode: 0o700, uid: 0, gid: 0, mtime: 0, opaque: true });
    expect(keys(m)).toEqual(['/etc', '/etc/passwd', '/var']);
  });

  it('drops leading ./ and / and resolves .. that stays inside', async () => {
    const m = await fromRaw([
      { name: './', typeflag: '5' },
      { name: './a/', typeflag: '5' },
      { name: '/a/b', content: 'x' },
      { name: 'a/c/../d', content: 'y' },
    ]);
    expect(keys(m)).toEqual(['/a', '/a/b', '/a/d']);
    expect(layerPath('../etc/passwd')).toBeUndefined();
    expect(layerPath('a/../../b')).toBeUndefined();
    expect(layerPath('./x/./y//z/')).toBe('/x/y/z');
  });

  it('rejects a path that climbs out of the root', async () => {
    await expect(fromRaw([{ name: '../../etc/passwd' }])).rejects.toThrow(
      'invalid layer tar: "../../etc/passwd": path climbs out of the layer root with ".."',
    );
  });

  it('rejects device and FIFO entries with a clear message', async () => {
    await expect(fromRaw([{ name: 'dev/null', typeflag: '3' }])).rejects.toThrow(
      'invalid layer tar: "dev/null": a character device: devices and FIFOs cannot be stored in a layer here',
    );
    await expect(fromRaw([{ name: 'dev/sda', typeflag: '4' }])).rejects.toThrow('a block device');
    await expect(fromRaw([{ name: 'run/pipe', typeflag: '6' }])).rejects.toThrow('"run/pipe": a FIFO');
    await expect(fromRaw([{ name: 'x', typeflag: 'S' }])).rejects.toThrow('unsupported tar entry type "S"');
  });

  it('rejects duplicates, including a whiteout next to the path it deletes', async () => {
    await expect(
      fromRaw([
        { name: 'a', content: '1' },
        { name: './a', content: '2' },
      ]),
    ).rejects.toThrow('invalid layer tar: "./a": duplicate entry');
    await expect(fromRaw([{ name: 'a' }, { name: '.wh.a' }])).rejects.toThrow('".wh.a": duplicate entry');
  });

  it('adds missing parent directories as 0755 root-owned with mtime 0, replaced by a later header', async () => {
    const m = await fromRaw([
      { name: 'a/b/c', content: 'z' },
      { name: 'a/', typeflag: '5', mode: 0o700 },
    ]);
    expect([...m]).toEqual([
      ['/a', { type: 'dir', mode: 0o700, uid: 0, gid: 0, mtime: 0 }],
      ['/a/b', { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 }],
      ['/a/b/c', expect.objectContaining({ type: 'file', mode: 0o644 })],
    ]);
  });

  it('rejects an entry below a non-directory', async () => {
    await expect(fromRaw([{ name: 'a', content: '1' }, { name: 'a/b' }])).rejects.toThrow(
      '"a/b": parent "a" is not a directory',
    );
    await expect(fromRaw([{ name: 'a/b' }, { name: 'a' }])).rejects.toThrow(
      '"a": entries are listed below it, so it must be a directory',
    );
    await expect(fromRaw([{ name: '.wh.a' }, { name: 'a/b' }])).rejects.toThrow(
      'parent "a" is not a directory',
    );
  });

  it('keeps hard links to earlier files, following a link to a link to its file', async () => {
    const m = await fromRaw([
      { name: 'f', content: 'data' },
      { name: 'g', typeflag: '1', linkname: '/f' },
      { name: 'h', typeflag: '1', linkname: 'g' },
    ]);
    expect(m.get('/g')).toEqual({ type: 'hardlink', mode: 0o644, uid: 0, gid: 0, mtime: 0, target: '/f' });
    expect(m.get('/h')).toMatchObject({ type: 'hardlink', target: '/f' });
  });

  it('rejects hard links to missing, later, non-file or outside targets', async () => {
    await expect(fromRaw([{ name: 'g', typeflag: '1', linkname: 'f' }, { name: 'f' }])).rejects.toThrow(
      'hard link target "f" is not an earlier entry of the layer',
    );
    await expect(
      fromRaw([
        { name: 'd/', typeflag: '5' },
        { name: 'g', typeflag: '1', linkname: 'd' },
      ]),
    ).rejects.toThrow('is not a regular file');
    await expect(fromRaw([{ name: 'g', typeflag: '1', linkname: '../x' }])).rejects.toThrow(
      'hard link target "../x" is outside the layer',
    );
  });

  it('rejects reserved and malformed whiteout names', async () => {
    await expect(fromRaw([{ name: '.wh..wh.plnk' }])).rejects.toThrow(
      'names starting ".wh..wh." are reserved',
    );
    await expect(fromRaw([{ name: 'a/.wh.' }])).rejects.toThrow('whiteout without a name');
    await expect(fromRaw([{ name: '.wh.d/', typeflag: '5' }])).rejects.toThrow(
      'a whiteout must be a regular file',
    );
    await expect(fromRaw([{ name: '.wh..wh..opq' }])).rejects.toThrow(
      'an opaque marker at the root is not supported',
    );
  });

  it('skips the root directory entry and rejects a root that is not a directory', async () => {
    expect(keys(await fromRaw([{ name: './', typeflag: '5' }]))).toEqual([]);
    await expect(fromRaw([{ name: '/', typeflag: '2', linkname: 'x' }])).rejects.toThrow(
      'the root must be a directory',
    );
  });

  it('passes reader errors through', async () => {
    const tar = rawTar([{ name: 'a', content: 'x'.repeat(100) }]);
    await expect(entriesFromTar([tar.subarray(0, 515)])).rejects.toThrow(
      "tar: archive ends 97 bytes into an entry's content (at byte 515)",
    );
    expect(LayerTarError.name).toBe('LayerTarError');
  });
});

describe('applyLayers: the image-spec changeset rules', () => {
  const base = L([
    ['/etc', dir({ mode: 0o755 })],
    ['/etc/passwd', file('root')],
    ['/etc/ssl', dir()],
    ['/etc/ssl/cert.pem', file('pem')],
    ['/bin', dir()],
    ['/bin/sh', symlink('dash')],
  ]);

  it('a directory over a directory takes the new attributes and keeps the children', () => {
    const t = applyLayers([base, L([['/etc', dir({ mode: 0o700, uid: 5 })]])]);
    expect(t.get('/etc')).toEqual(dir({ mode: 0o700, uid: 5 }));
    expect(keys(t)).toEqual(['/bin', '/bin/sh', '/etc', '/etc/passwd', '/etc/ssl', '/etc/ssl/cert.pem']);
  });

  it('a file over a directory replaces it and drops its subtree', () => {
    const t = applyLayers([
      base,
      L([
        ['/etc', dir()],
        ['/etc/ssl', file('now a file')],
      ]),
    ]);
    expect(t.get('/etc/ssl')).toEqual(file('now a file'));
    expect(t.has('/etc/ssl/cert.pem')).toBe(false);
  });

  it('a directory over a file or symlink replaces it', () => {
    const t = applyLayers([
      base,
      L([
        ['/bin', dir()],
        ['/bin/sh', dir({ mode: 0o711 })],
      ]),
    ]);
    expect(t.get('/bin/sh')).toEqual(dir({ mode: 0o711 }));
  });

  it('a whiteout deletes the path and everything below it, and is never in the result', () => {
    const t = applyLayers([
      base,
      L([
        ['/etc', dir()],
        ['/etc/ssl', whiteout()],
        ['/gone', whiteout()],
      ]),
    ]);
    expect(keys(t)).toEqual(['/bin', '/bin/sh', '/etc', '/etc/passwd']);
  });

  it('an opaque directory hides every lower child but keeps its own', () => {
    const t = applyLayers([
      base,
      L([
        ['/etc', dir({}, true)],
        ['/etc/hosts', file('h')],
      ]),
    ]);
    expect(keys(t)).toEqual(['/bin', '/bin/sh', '/etc', '/etc/hosts']);
    expect(t.get('/etc')).toEqual(dir());
  });

  it('a later layer can bring back what an earlier one deleted', () => {
    const t = applyLayers([
      base,
      L([
        ['/etc', dir()],
        ['/etc/ssl', whiteout()],
      ]),
      L([
        ['/etc', dir()],
        ['/etc/ssl', dir()],
        ['/etc/ssl/new', file('n')],
      ]),
    ]);
    expect(keys(t)).toEqual(['/bin', '/bin/sh', '/etc', '/etc/passwd', '/etc/ssl', '/etc/ssl/new']);
  });

  it('reads a hard link as the file it links to in its own layer, whatever later layers do', () => {
    const t = applyLayers([
      L([
        ['/f', file('x', { mode: 0o755 })],
        ['/g', hardlink('/f', { mode: 0o600 })],
      ]),
      L([['/f', file('replaced')]]),
    ]);
    expect(t.get('/g')).toEqual(file('x', { mode: 0o755 }));
    expect(t.get('/f')).toEqual(file('replaced'));
  });
});
