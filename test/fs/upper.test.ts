import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import type { Entry } from '../../src/engine/fs/entry';
import { Union } from '../../src/engine/fs/union';
import { Upper } from '../../src/engine/fs/upper';
import { UpperMap } from '../../src/engine/fs/upper-map';
import { dir, file, layer, link, text, wh } from './fixtures';

// Layer 0: a small root; layer 1: a newer /etc/conf (so copy-ups can say where they came from).
const lowers = () => [
  layer({
    '/bin': dir(),
    '/bin/sh': file('ELF'),
    '/empty': dir(),
    '/etc': dir(),
    '/etc/conf': file('port=80'),
    '/etc/d': dir(),
    '/etc/d/x': file('x'),
    '/etc/d/y': file('y'),
    '/etc/link': link('conf'),
  }),
  layer({ '/etc': dir(), '/etc/conf': file('port=8080') }),
];
const fresh = () => new Upper(new Union(lowers()));
const t = (s: string) => textContent(s);
const at = (mtime: number) => ({ mtime });
const read = (u: Upper, p: string) => text(u.view().fileOf(p));
const snapshot = (u: Upper) => [...u.entries];
const dirAt = (mode = 0o755): Entry => ({ type: 'dir', mode, uid: 0, gid: 0, mtime: 100 });

describe('copy-up', () => {
  it('writing a lower file copies the whole file up first, parents first', () => {
    const u = fresh();
    expect(u.writeFile('/etc/d/x', t('new'), at(5))).toEqual([
      { type: 'copy-up', path: '/etc', fromLayer: 1, bytes: 0 },
      { type: 'copy-up', path: '/etc/d', fromLayer: 0, bytes: 0 },
      { type: 'copy-up', path: '/etc/d/x', fromLayer: 0, bytes: 1 },
      { type: 'write', path: '/etc/d/x', bytes: 3 },
    ]);
    expect([...u.entries.keys()]).toEqual(['/etc', '/etc/d', '/etc/d/x']);
    expect(u.get('/etc/d')).toEqual(dirAt());
    expect(u.get('/etc/d/x')).toMatchObject({ type: 'file', mtime: 5 });
    expect(read(u, '/etc/d/x')).toBe('new');
    expect(text(u.lower.lookup('/etc/d/x')?.entry)).toBe('x');
  });

  it('appending to a lower file copies all of it up, then appends', () => {
    const u = fresh();
    expect(u.writeFile('/etc/conf', t(';'), { mtime: 6, append: true })).toEqual([
      { type: 'copy-up', path: '/etc', fromLayer: 1, bytes: 0 },
      { type: 'copy-up', path: '/etc/conf', fromLayer: 1, bytes: 9 },
      { type: 'write', path: '/etc/conf', bytes: 1 },
    ]);
    expect(read(u, '/etc/conf')).toBe('port=8080;');
    expect(u.get('/etc/conf')?.mtime).toBe(6);
  });

  it('chmod, chown and utimes of a lower file copy it up and change only that attribute', () => {
    const u = fresh();
    expect(u.chmod('/bin/sh', 0o100755)).toEqual([
      { type: 'copy-up', path: '/bin', fromLayer: 0, bytes: 0 },
      { type: 'copy-up', path: '/bin/sh', fromLayer: 0, bytes: 3 },
    ]);
    expect(u.get('/bin/sh')).toMatchObject({ mode: 0o755, uid: 0, gid: 0, mtime: 100 });
    expect(u.chown('/etc/d/y', 7, 8).map((e) => e.path)).toEqual(['/etc', '/etc/d', '/etc/d/y']);
    expect(u.get('/etc/d/y')).toMatchObject({ mode: 0o644, uid: 7, gid: 8, mtime: 100 });
    u.utimes('/etc/d/x', 42);
    expect(u.get('/etc/d/x')).toMatchObject({ mode: 0o644, uid: 0, mtime: 42 });
    expect(read(u, '/etc/d/x')).toBe('x');
  });

  it('chmod of a lower directory copies the directory up, not its children', () => {
    const u = fresh();
    u.chmod('/etc/d', 0o700);
    expect([...u.entries.keys()]).toEqual(['/etc', '/etc/d']);
    expect(u.view().names('/etc/d')).toEqual(['x', 'y']);
    expect(u.view().lookup('/etc/d')?.entry.mode).toBe(0o700);
  });

  it('writes and metadata changes follow symlinks to their target', () => {
    const u = fresh();
    u.writeFile('/etc/link', t('via link'), at(7));
    u.chmod('/etc/link', 0o600);
    expect(u.get('/etc/link')).toBeUndefined();
    expect(read(u, '/etc/conf')).toBe('via link');
    expect(u.get('/etc/conf')?.mode).toBe(0o600);
  });

  it('writing through a dangling symlink creates its target', () => {
    const u = fresh();
    u.symlink('/etc/made', '/dangling', 3);
    expect(u.writeFile('/dangling', t('m'), at(4)).at(-2)).toEqual({
      type: 'create',
      path: '/etc/made',
      entryType: 'file',
    });
    expect(read(u, '/etc/made')).toBe('m');
  });
});

describe('deleting', () => {
  it('unlink of a lower file writes a whiteout in the upper', () => {
    const u = fresh();
    expect(u.unlink('/etc/conf')).toEqual([
      { type: 'copy-up', path: '/etc', fromLayer: 1, bytes: 0 },
      { type: 'whiteout', path: '/etc/conf' },
    ]);
    expect(u.get('/etc/conf')?.type).toBe('whiteout');
    expect(u.view().lookup('/etc/conf')).toBeUndefined();
    expect(u.view().why('/etc/conf')).toEqual({ layer: 2, by: 'whiteout' });
  });

  it('unlink of an upper-only file removes it, leaving no whiteout', () => {
    const u = fresh();
    u.writeFile('/new', t('n'), at(1));
    expect(u.unlink('/new')).toEqual([{ type: 'remove', path: '/new' }]);
    expect(u.entries.size).toBe(0);
  });

  it('unlink of a copied-up file drops the copy and leaves a whiteout', () => {
    const u = fresh();
    u.writeFile('/bin/sh', t('patched'), at(1));
    u.unlink('/bin/sh');
    expect(u.get('/bin/sh')?.type).toBe('whiteout');
    expect(u.size).toBe(0);
  });

  it('rm -r of a lower directory leaves one whiteout and drops what the upper held inside', () => {
    const u = fresh();
    u.writeFile('/etc/d/x', t('changed'), at(1));
    u.writeFile('/etc/d/new', t('n'), at(1));
    expect(u.remove('/etc/d')).toEqual([{ type: 'whiteout', path: '/etc/d' }]);
    expect([...u.entries].map(([p, e]) => `${p} ${e.type}`)).toEqual(['/etc dir', '/etc/d whiteout']);
    expect(u.view().names('/etc')).toEqual(['conf', 'link']);
  });

  it('rmdir needs an empty merged directory; / is busy', () => {
    const u = fresh();
    expect(() => u.rmdir('/etc/d')).toThrow('ENOTEMPTY');
    u.unlink('/etc/d/x');
    expect(() => u.rmdir('/etc/d')).toThrow('ENOTEMPTY');
    u.unlink('/etc/d/y');
    expect(u.rmdir('/etc/d')).toEqual([{ type: 'whiteout', path: '/etc/d' }]);
    expect(u.get('/etc/d/x')).toBeUndefined();
    expect(() => u.rmdir('/')).toThrow('EBUSY');
    expect(() => u.rmdir('/etc/conf')).toThrow('ENOTDIR');
    expect(() => u.rmdir('/nope')).toThrow('ENOENT');
    expect(() => u.remove('/')).toThrow('EBUSY');
  });

  it('unlink and rename act on a symlink itself, not on its target', () => {
    const u = fresh();
    u.rename('/etc/link', '/etc/l2');
    expect(u.view().lookup('/etc/l2')?.entry).toMatchObject({ type: 'symlink', target: 'conf' });
    u.unlink('/etc/l2');
    expect(u.view().lookup('/etc/l2')).toBeUndefined();
    expect(read(u, '/etc/conf')).toBe('port=8080');
  });
});

describe('mkdir', () => {
  it('mkdir where a whiteout stands makes an opaque directory, and the lower children stay hidden', () => {
    const u = fresh();
    u.remove('/etc/d');
    expect(u.mkdir('/etc/d', at(9))).toEqual([
      { type: 'opaque', path: '/etc/d' },
      { type: 'create', path: '/etc/d', entryType: 'dir' },
    ]);
    expect(u.get('/etc/d')).toEqual({ type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 9, opaque: true });
    expect(u.view().names('/etc/d')).toEqual([]);
    expect(u.view().lookup('/etc/d/x')).toBeUndefined();
    expect(u.view().why('/etc/d/x')).toEqual({ layer: 2, by: 'opaque' });
    u.writeFile('/etc/d/z', t('z'), at(9));
    expect(u.view().names('/etc/d')).toEqual(['z']);
    expect(read(u, '/etc/d/z')).toBe('z');
  });

  it('mkdir -p over a file fails with EEXIST at the end and ENOTDIR in the middle, creating nothing', () => {
    const u = fresh();
    const before = snapshot(u);
    expect(() => u.mkdir('/etc/conf', { mtime: 1, parents: true })).toThrow('EEXIST');
    expect(() => u.mkdir('/etc/conf/a/b', { mtime: 1, parents: true })).toThrow('ENOTDIR');
    expect(() => u.mkdir('/new/../etc/conf/a', { mtime: 1, parents: true })).toThrow('ENOTDIR');
    expect(snapshot(u)).toEqual(before);
  });

  it('mkdir -p makes the missing components in order and accepts what exists', () => {
    const u = fresh();
    expect(u.mkdir('/etc/d/p/q', { mtime: 2, mode: 0o700, parents: true })).toEqual([
      { type: 'copy-up', path: '/etc', fromLayer: 1, bytes: 0 },
      { type: 'copy-up', path: '/etc/d', fromLayer: 0, bytes: 0 },
      { type: 'create', path: '/etc/d/p', entryType: 'dir' },
      { type: 'create', path: '/etc/d/p/q', entryType: 'dir' },
    ]);
    expect(u.get('/etc/d/p/q')).toMatchObject({ mode: 0o700, mtime: 2 });
    expect(u.mkdir('/etc/d/p', { mtime: 3, parents: true })).toEqual([]);
    u.symlink('/etc/d', '/sl', 3);
    expect(u.mkdir('/sl/p/q', { mtime: 3, parents: true })).toEqual([]);
    expect(u.mkdir('/', { mtime: 3, parents: true })).toEqual([]);
  });

  it('mkdir of what exists is EEXIST (a dangling symlink too), under a missing dir ENOENT, under a file ENOTDIR', () => {
    const u = fresh();
    u.symlink('/nowhere', '/dangling', 1);
    expect(() => u.mkdir('/etc', at(1))).toThrow('EEXIST');
    expect(() => u.mkdir('/', at(1))).toThrow('EEXIST');
    expect(() => u.mkdir('/dangling', at(1))).toThrow('EEXIST');
    expect(() => u.mkdir('/dangling', { mtime: 1, parents: true })).toThrow('EEXIST');
    expect(() => u.mkdir('/dangling/x', { mtime: 1, parents: true })).toThrow('ENOENT');
    expect(() => u.mkdir('/nope/x', at(1))).toThrow('ENOENT');
    expect(() => u.mkdir('/etc/conf/x', at(1))).toThrow('ENOTDIR');
  });
});

describe('rename', () => {
  it('renaming a lower file leaves a whiteout at the old name and the file in the upper', () => {
    const u = fresh();
    expect(u.rename('/etc/conf', '/etc/conf.bak')).toEqual([
      { type: 'copy-up', path: '/etc', fromLayer: 1, bytes: 0 },
      { type: 'copy-up', path: '/etc/conf', fromLayer: 1, bytes: 9 },
      { type: 'whiteout', path: '/etc/conf' },
      { type: 'create', path: '/etc/conf.bak', entryType: 'file' },
    ]);
    expect(u.get('/etc/conf')?.type).toBe('whiteout');
    expect(read(u, '/etc/conf.bak')).toBe('port=8080');
    expect(u.view().lookup('/etc/conf')).toBeUndefined();
  });

  it('renaming a lower or merged directory fails with EXDEV', () => {
    const u = fresh();
    expect(() => u.rename('/etc/d', '/etc/e')).toThrow('EXDEV: Invalid cross-device link, /etc/d');
    u.writeFile('/etc/d/new', t('n'), at(1));
    const before = snapshot(u);
    expect(() => u.rename('/etc/d', '/etc/e')).toThrow('EXDEV');
    expect(() => u.rename('/etc', '/etc2')).toThrow('EXDEV');
    expect(snapshot(u)).toEqual(before);
  });

  it('a directory made in the container renames, with everything inside it', () => {
    const u = fresh();
    u.mkdir('/new/sub', { mtime: 1, parents: true });
    u.writeFile('/new/f', t('f'), at(1));
    expect(u.rename('/new', '/moved')).toEqual([
      { type: 'remove', path: '/new' },
      { type: 'create', path: '/moved', entryType: 'dir' },
    ]);
    expect([...u.entries.keys()].sort()).toEqual(['/moved', '/moved/f', '/moved/sub']);
    expect(read(u, '/moved/f')).toBe('f');
  });

  it('an opaque directory (made over a whiteout) renames, leaving a whiteout behind', () => {
    const u = fresh();
    u.remove('/etc/d');
    u.mkdir('/etc/d', at(1));
    u.rename('/etc/d', '/etc/e');
    expect(u.get('/etc/d')?.type).toBe('whiteout');
    expect(u.view().lookup('/etc/d')).toBeUndefined();
    expect(u.view().names('/etc/e')).toEqual([]);
  });

  it('a directory renamed over an empty lower directory becomes opaque', () => {
    const u = fresh();
    u.mkdir('/n', at(1));
    expect(u.rename('/n', '/empty')).toEqual([
      { type: 'remove', path: '/empty' },
      { type: 'opaque', path: '/empty' },
      { type: 'remove', path: '/n' },
      { type: 'create', path: '/empty', entryType: 'dir' },
    ]);
    expect(u.get('/empty')).toEqual({ type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1, opaque: true });
  });

  it('a file renamed over a lower file replaces it without a whiteout at the target', () => {
    const u = fresh();
    u.writeFile('/new', t('n'), at(1));
    u.rename('/new', '/etc/conf');
    expect([...u.entries].map(([p, e]) => `${p} ${e.type}`)).toEqual(['/etc dir', '/etc/conf file']);
    expect(read(u, '/etc/conf')).toBe('n');
  });

  it('renaming onto what exists fails as on Linux: EISDIR, ENOTDIR, ENOTEMPTY, EINVAL, EBUSY', () => {
    const u = fresh();
    u.mkdir('/n/s', { mtime: 1, parents: true });
    u.mkdir('/m', at(1));
    u.writeFile('/m/f', t('f'), at(1));
    const before = snapshot(u);
    expect(() => u.rename('/etc/conf', '/etc/d')).toThrow('EISDIR');
    expect(() => u.rename('/n', '/etc/conf')).toThrow('ENOTDIR');
    expect(() => u.rename('/n', '/m')).toThrow('ENOTEMPTY');
    expect(() => u.rename('/n', '/n/s/t')).toThrow('EINVAL');
    expect(() => u.rename('/n/s', '/n')).toThrow('ENOTEMPTY');
    expect(() => u.rename('/etc/d', '/m')).toThrow('EXDEV'); // overlayfs refuses before it looks inside
    expect(() => u.rename('/nope', '/x')).toThrow('ENOENT');
    expect(() => u.rename('/etc/conf', '/nope/x')).toThrow('ENOENT');
    expect(() => u.rename('/', '/x')).toThrow('EBUSY');
    expect(() => u.rename('/m', '/')).toThrow('EBUSY');
    expect(snapshot(u)).toEqual(before);
    expect(u.rename('/etc/conf', '/etc/conf')).toEqual([]);
  });
});

describe('links', () => {
  it('a hard link to a lower file copies the file up first', () => {
    const u = fresh();
    expect(u.link('/bin/sh', '/bin/sh2')).toEqual([
      { type: 'copy-up', path: '/bin', fromLayer: 0, bytes: 0 },
      { type: 'copy-up', path: '/bin/sh', fromLayer: 0, bytes: 3 },
      { type: 'create', path: '/bin/sh2', entryType: 'hardlink' },
    ]);
    expect(u.get('/bin/sh2')).toMatchObject({ type: 'hardlink', target: '/bin/sh' });
    expect(read(u, '/bin/sh2')).toBe('ELF');
    expect(u.size).toBe(3);
  });

  it('writing through one hard link name changes what the other reads', () => {
    const u = fresh();
    u.link('/bin/sh', '/bin/sh2');
    u.writeFile('/bin/sh2', t('patched'), at(8));
    expect(read(u, '/bin/sh')).toBe('patched');
    u.writeFile('/bin/sh', t('again'), at(9));
    expect(read(u, '/bin/sh2')).toBe('again');
  });

  it('unlinking the target keeps the content under the other name', () => {
    const u = fresh();
    u.link('/bin/sh', '/bin/sh2');
    u.link('/bin/sh', '/sh3');
    u.unlink('/bin/sh');
    expect(u.get('/bin/sh')?.type).toBe('whiteout');
    expect(u.get('/bin/sh2')?.type).toBe('file');
    expect(u.get('/sh3')).toMatchObject({ type: 'hardlink', target: '/bin/sh2' });
    u.writeFile('/sh3', t('still shared'), at(1));
    expect(read(u, '/bin/sh2')).toBe('still shared');
    expect(() => u.toLayer()).not.toThrow();
  });

  it('renaming a hard link name, or the name it points to, keeps the names sharing one file', () => {
    const u = fresh();
    u.link('/bin/sh', '/bin/sh2');
    u.rename('/bin/sh2', '/bin/sh3');
    u.writeFile('/bin/sh3', t('one'), at(1));
    expect(read(u, '/bin/sh')).toBe('one');
    u.rename('/bin/sh', '/bin/bash');
    expect(u.get('/bin/sh3')).toMatchObject({ type: 'hardlink', target: '/bin/bash' });
    u.writeFile('/bin/bash', t('two'), at(2));
    expect(read(u, '/bin/sh3')).toBe('two');
  });

  it('renaming one name of a file onto another name of the same file does nothing', () => {
    const u = fresh();
    u.link('/bin/sh', '/bin/sh2');
    const before = snapshot(u);
    expect(u.rename('/bin/sh', '/bin/sh2')).toEqual([]);
    expect(snapshot(u)).toEqual(before);
  });

  it('rm -r of a directory keeps the files that hard links outside it still name', () => {
    const u = fresh();
    u.mkdir('/d', at(1));
    u.writeFile('/d/f', t('kept'), at(1));
    u.link('/d/f', '/g');
    u.remove('/d');
    expect(u.get('/g')).toMatchObject({ type: 'file', mtime: 1 });
    expect(read(u, '/g')).toBe('kept');
  });

  it('moving a directory takes the hard links into it along', () => {
    const u = fresh();
    u.mkdir('/d', at(1));
    u.writeFile('/d/f', t('f'), at(1));
    u.link('/d/f', '/g');
    u.link('/d/f', '/d/h');
    u.rename('/d', '/e');
    expect(u.get('/g')).toMatchObject({ type: 'hardlink', target: '/e/f' });
    expect(u.get('/e/h')).toMatchObject({ type: 'hardlink', target: '/e/f' });
    u.writeFile('/g', t('via g'), at(2));
    expect(read(u, '/e/h')).toBe('via g');
  });

  it('metadata changed through one name shows on every name, in the frozen layer too', () => {
    const u = fresh();
    u.link('/bin/sh', '/bin/sh2');
    u.chmod('/bin/sh2', 0o700);
    u.utimes('/bin/sh2', 77);
    expect(u.view().fileOf('/bin/sh')).toMatchObject({ mode: 0o700, mtime: 77 });
    const l = u.toLayer();
    expect(l.get('/bin/sh')).toMatchObject({ type: 'file', mode: 0o700, mtime: 77 });
    expect(l.get('/bin/sh2')).toMatchObject({ type: 'hardlink', mode: 0o700, mtime: 77 });
  });

  it('link fails as on Linux: EEXIST before EPERM, EPERM for a directory; a symlink is linked as itself', () => {
    const u = fresh();
    expect(() => u.link('/etc', '/bin/sh')).toThrow('EEXIST');
    expect(() => u.link('/etc', '/x')).toThrow('EPERM');
    expect(() => u.link('/nope', '/x')).toThrow('ENOENT');
    expect(() => u.link('/bin/sh', '/nope/x')).toThrow('ENOENT');
    u.link('/etc/link', '/etc/l2');
    expect(u.get('/etc/l2')).toMatchObject({ type: 'symlink', target: 'conf' });
    expect(read(u, u.view().resolve('/etc/l2'))).toBe('port=8080');
  });

  it('symlink refuses an existing name, a dangling symlink included', () => {
    const u = fresh();
    u.symlink('/nowhere', '/dangling', 1);
    expect(() => u.symlink('x', '/dangling', 1)).toThrow('EEXIST');
    expect(() => u.symlink('x', '/etc', 1)).toThrow('EEXIST');
    expect(() => u.symlink('', '/e', 1)).toThrow('ENOENT');
    expect(u.get('/dangling')).toEqual({
      type: 'symlink',
      target: '/nowhere',
      mode: 0o777,
      uid: 0,
      gid: 0,
      mtime: 1,
    });
  });
});

describe('failures change nothing', () => {
  it('every failing operation leaves the entries exactly as before', () => {
    const u = fresh();
    u.writeFile('/etc/d/x', t('x2'), at(1));
    u.remove('/bin');
    u.symlink('/loop', '/loop', 1);
    const before = snapshot(u);
    const failing: [string, () => unknown][] = [
      ['EISDIR', () => u.writeFile('/etc', t('x'), at(1))],
      ['EISDIR', () => u.writeFile('/', t('x'), at(1))],
      ['ENOENT', () => u.writeFile('/bin/sh', t('x'), at(1))],
      ['ENOTDIR', () => u.writeFile('/etc/conf/x', t('x'), at(1))],
      ['ELOOP', () => u.writeFile('/loop', t('x'), at(1))],
      ['EISDIR', () => u.unlink('/')],
      ['EISDIR', () => u.unlink('/etc/d')],
      ['ENOENT', () => u.unlink('/bin/sh')],
      ['ENOENT', () => u.chmod('/bin', 0o700)],
      ['ELOOP', () => u.chown('/loop', 1, 1)],
      ['ENOENT', () => u.utimes('/etc/nope', 1)],
      ['ENOENT', () => u.copy('/nope', '/x', 1)],
      ['EEXIST', () => u.copy('/etc/d', '/etc/conf', 1)],
      ['EINVAL', () => u.copy('/etc', '/etc/d/in', 1)],
    ];
    for (const [code, op] of failing) {
      expect(op).toThrow(code);
      expect(snapshot(u)).toEqual(before);
    }
  });
});

describe('copy', () => {
  it('copies what the merged view shows, recursively, with the new mtime', () => {
    const u = fresh();
    u.writeFile('/etc/d/x', t('upper x'), at(1));
    u.copy('/etc/d', '/etc/d2', 9);
    expect(u.view().names('/etc/d2')).toEqual(['x', 'y']);
    expect(read(u, '/etc/d2/x')).toBe('upper x');
    expect(u.get('/etc/d2/y')).toMatchObject({ type: 'file', mtime: 9 });
  });
});

describe('diff', () => {
  const lines = (u: Upper) => u.diff().map((c) => `${c.kind} ${c.path}`);

  it('lists A, C and D with every changed ancestor as C, sorted, and / never', () => {
    const u = fresh();
    u.writeFile('/etc/d/x', t('xx'), at(1));
    u.writeFile('/etc/new', t('n'), at(1));
    u.unlink('/bin/sh');
    expect(lines(u)).toEqual(['C /bin', 'D /bin/sh', 'C /etc', 'C /etc/d', 'C /etc/d/x', 'A /etc/new']);
  });

  it('a new directory lists everything inside it as A', () => {
    const u = fresh();
    u.mkdir('/a/b', { mtime: 1, parents: true });
    u.writeFile('/a/b/f', t('f'), at(1));
    expect(lines(u)).toEqual(['A /a', 'A /a/b', 'A /a/b/f']);
  });

  it('a copy-up that changed nothing lists nothing, and copied-up parents are not changes themselves', () => {
    const u = fresh();
    u.chmod('/etc/d/x', 0o644);
    u.utimes('/etc/d/y', 100);
    expect(u.entries.size).toBe(4);
    expect(lines(u)).toEqual([]);
  });

  // Docker 27's overlay2 compares merged trees (naive diff): an opaque directory is not "D then A".
  it('a directory deleted and made again is compared name by name, as docker diff does', () => {
    const u = fresh();
    u.remove('/etc/d');
    u.mkdir('/etc/d', { mtime: 1 });
    u.writeFile('/etc/d/x', t('x'), at(100));
    expect(lines(u)).toEqual(['C /etc', 'C /etc/d', 'D /etc/d/y']);
    u.chmod('/etc/d', 0o700);
    u.writeFile('/etc/d/x', t('other'), at(100));
    expect(lines(u)).toEqual(['C /etc', 'C /etc/d', 'C /etc/d/x', 'D /etc/d/y']);
  });

  it('a path that changed type is C, and nothing below a directory that is now a file is listed', () => {
    const u = fresh();
    u.remove('/etc/d');
    u.writeFile('/etc/d', t('now a file'), at(1));
    expect(lines(u)).toEqual(['C /etc', 'C /etc/d']);
  });

  it('a changed symlink is C; the init layer below the upper never shows', () => {
    const init = layer({ '/etc': dir(), '/etc/hostname': file('abc'), '/.dockerenv': file('') });
    const u = new Upper(new Union(lowers()).with(init));
    expect(lines(u)).toEqual([]);
    u.unlink('/etc/link');
    u.symlink('/etc/conf', '/etc/link', 5);
    expect(lines(u)).toEqual(['C /etc', 'C /etc/link']);
  });
});

describe('freezing', () => {
  it('toLayer holds whiteouts, opaque directories and the copied-up parents, and stacks back to the view', () => {
    const u = fresh();
    u.remove('/etc/d');
    u.mkdir('/etc/d', at(3));
    u.writeFile('/etc/d/z', t('z'), at(3));
    u.unlink('/bin/sh');
    const l = u.toLayer();
    expect(
      [...l.walk()].map(([p, e]) => `${p} ${e.type}${e.type === 'dir' && e.opaque ? ' opaque' : ''}`),
    ).toEqual(['/bin dir', '/bin/sh whiteout', '/etc dir', '/etc/d dir opaque', '/etc/d/z file']);
    expect(new Union([...lowers(), l]).tree()).toEqual(u.view().tree());
  });

  it('toLayer(keep) leaves out what keep refuses', () => {
    const u = fresh();
    u.writeFile('/etc/hosts', t('127.0.0.1'), at(1));
    u.writeFile('/etc/kept', t('k'), at(1));
    expect([...u.toLayer((p) => p !== '/etc/hosts').entries.keys()]).toEqual(['/etc', '/etc/kept']);
  });

  it('clone is a separate copy, and size counts file bytes held (hard links nothing)', () => {
    const u = fresh();
    u.writeFile('/a', t('12345'), at(1));
    const c = u.clone();
    u.link('/a', '/b');
    u.writeFile('/c', t('12'), at(1));
    expect(u.size).toBe(7);
    expect(c.size).toBe(5);
    expect([...c.entries.keys()]).toEqual(['/a']);
    expect(u.children('/')).toEqual(['a', 'b', 'c']);
    u.unlink('/a');
    expect(u.children('/')).toEqual(['b', 'c']);
    expect(u.size).toBe(7);
  });

  it('the whiteout and dir fixtures match what the upper writes', () => {
    const u = fresh();
    u.unlink('/etc/conf');
    expect(u.get('/etc/conf')).toEqual(wh());
    expect(u.get('/etc')).toEqual(dir());
  });
});

describe('the journal behind "a failed operation changes nothing"', () => {
  it('undoes every put and drop of a failed step, indexes and byte count included', () => {
    const m = new UpperMap([
      ['/d', dirAt()],
      ['/d/f', file('abc')],
      ['/h', { type: 'hardlink', target: '/d/f', mode: 0o644, uid: 0, gid: 0, mtime: 100 }],
    ]);
    const sorted = () => [...m.entries].sort((a, b) => a[0].localeCompare(b[0]));
    const before = sorted();
    expect(() =>
      m.atomically(() => {
        m.move('/d', '/e');
        m.dropTree('/e');
        m.put('/x', file('12345'));
        throw new Error('late failure');
      }),
    ).toThrow('late failure');
    expect(sorted()).toEqual(before); // the same entries (a re-added key may come later in the Map's order)
    expect(m.children('/')).toEqual(['d', 'h']);
    expect(m.children('/d')).toEqual(['f']);
    expect(m.linksTo('/d/f')).toEqual(['/h']);
    expect(m.size).toBe(3);
  });
});
