import { describe, expect, it } from 'vitest';
import { Layer } from '../../src/engine/fs/layer';
import { Union } from '../../src/engine/fs/union';
import { dir, file, hard, layer, link, text, wh } from './fixtures';

// The textbook picture: file1+file2, then file3+file4, then a newer file3.
const demo = () => [
  layer({ '/file1': file('1'), '/file2': file('2') }),
  layer({ '/file3': file('3'), '/file4': file('4') }),
  layer({ '/file3': file('3.1') }),
];

describe('Layer', () => {
  it('refuses an entry without its parent directory, a reserved .wh. name and a dangling hard link', () => {
    expect(() => Layer.from([['/a/b', file('x')]])).toThrow('layer has /a/b but not its parent directory /a');
    expect(() => Layer.from([['/.wh.x', file('')]])).toThrow('reserved .wh. prefix');
    expect(() => Layer.from([['/h', hard('/nope')]])).toThrow('hard link /h points to /nope');
    expect(() => Layer.from([['/a/', dir()]])).toThrow('not an absolute normalised path');
  });

  it('walks depth first with siblings in byte order, as Go does', () => {
    const l = layer({
      '/b': dir(),
      '/b/x': file(''),
      '/a-b': file(''),
      '/a': dir(),
      '/a/z': file(''),
      '/B': file(''),
    });
    expect([...l.walk()].map(([p]) => p)).toEqual(['/B', '/a', '/a/z', '/a-b', '/b', '/b/x']);
  });

  it('counts the bytes of its files, hard links as nothing', () => {
    expect(layer({ '/a': file('abc'), '/h': hard('/a'), '/d': dir() }).size).toBe(3);
  });
});

describe('Union', () => {
  it('shows four files and the newest file3, each with the layer it comes from', () => {
    const u = new Union(demo());
    expect(u.names('/')).toEqual(['file1', 'file2', 'file3', 'file4']);
    expect(text(u.lookup('/file3')?.entry)).toBe('3.1');
    expect(u.lookup('/file3')).toMatchObject({ layer: 2, shadowed: [1] });
    expect(u.lookup('/file1')).toMatchObject({ layer: 0, shadowed: [] });
    expect(u.lookup('/file4')?.layer).toBe(1);
  });

  it('a whiteout deletes the path from the layers below and says so', () => {
    const u = new Union([...demo(), layer({ '/file2': wh() })]);
    expect(u.lookup('/file2')).toBeUndefined();
    expect(u.why('/file2')).toEqual({ layer: 3, by: 'whiteout' });
    expect(u.names('/')).toEqual(['file1', 'file3', 'file4']);
  });

  it('an opaque directory hides every lower child but keeps its own', () => {
    const u = new Union([
      layer({ '/d': dir(), '/d/a': file('a'), '/d/b': file('b') }),
      layer({ '/d': dir(0o700, true), '/d/c': file('c') }),
    ]);
    expect(u.names('/d')).toEqual(['c']);
    expect(u.why('/d/a')).toEqual({ layer: 1, by: 'opaque' });
    expect(u.lookup('/d')?.entry.mode).toBe(0o700);
  });

  it('dir over dir merges names and takes the upper attributes', () => {
    const u = new Union([
      layer({ '/d': dir(0o755), '/d/a': file('a') }),
      layer({ '/d': dir(0o750), '/d/b': file('b') }),
    ]);
    expect(u.names('/d')).toEqual(['a', 'b']);
    expect(u.lookup('/d')).toMatchObject({ layer: 1, shadowed: [0] });
    expect(u.lookup('/d')?.entry.mode).toBe(0o750);
  });

  it('a file over a directory hides the whole lower subtree; a directory over a file replaces it', () => {
    const u = new Union([
      layer({ '/d': dir(), '/d/a': file('a'), '/f': file('f') }),
      layer({ '/d': file('now a file'), '/f': dir(), '/f/x': file('x') }),
    ]);
    expect(text(u.lookup('/d')?.entry)).toBe('now a file');
    expect(u.lookup('/d/a')).toBeUndefined();
    expect(u.why('/d/a')).toEqual({ layer: 1, by: 'replaced' });
    expect(u.names('/f')).toEqual(['x']);
  });

  it('resolves symlinks inside the root: absolute targets, .. at /, and loops give ELOOP', () => {
    const u = new Union([
      layer({
        '/etc': dir(),
        '/etc/real': file('r'),
        '/etc/abs': link('/etc/real'),
        '/etc/rel': link('real'),
        '/etc/up': link('../../../../etc/real'),
        '/loop1': link('/loop2'),
        '/loop2': link('/loop1'),
        '/f': file('x'),
      }),
    ]);
    expect(u.resolve('/etc/abs')).toBe('/etc/real');
    expect(u.resolve('/etc/rel')).toBe('/etc/real');
    expect(u.resolve('/etc/up')).toBe('/etc/real');
    expect(u.resolve('/etc/abs', false)).toBe('/etc/abs');
    expect(() => u.resolve('/loop1')).toThrow('ELOOP: Too many levels of symbolic links');
    expect(() => u.resolve('/f/x/y')).toThrow('ENOTDIR');
    expect(() => u.resolve('/nope/x')).toThrow('ENOENT');
  });

  it('a hard link reads as the file it links to in its own layer', () => {
    const u = new Union([layer({ '/a': file('same'), '/b': hard('/a') }), layer({ '/a': file('changed') })]);
    expect(text(u.fileOf('/b'))).toBe('same');
    expect(text(u.tree().get('/b'))).toBe('same');
  });

  it('with() puts one more layer on top without rebuilding the lower union', () => {
    const base = new Union(demo());
    const top = base.with(layer({ '/file4': wh(), '/new': file('n') }));
    expect(top.names('/')).toEqual(['file1', 'file2', 'file3', 'new']);
    expect(top.lookup('/new')?.layer).toBe(3);
    expect(top.why('/file4')).toEqual({ layer: 3, by: 'whiteout' });
    expect([...top.tree().keys()]).toEqual(['/file1', '/file2', '/file3', '/new']);
  });

  it('with() shows the top layer’s own children of an opaque directory and hides only the lower ones', () => {
    const base = new Union([layer({ '/d': dir(), '/d/a': file('a'), '/d/b': file('b') })]);
    const top = base.with(layer({ '/d': dir(0o700, true), '/d/c': file('c'), '/d/a': file('new a') }));
    expect(top.names('/d')).toEqual(['a', 'c']);
    expect(text(top.lookup('/d/c')?.entry)).toBe('c');
    expect(top.lookup('/d/a')).toMatchObject({ layer: 1, shadowed: [] });
    expect(top.lookup('/d/b')).toBeUndefined();
    expect(top.why('/d/b')).toEqual({ layer: 1, by: 'opaque' });
    expect(top.why('/d/c')).toBeUndefined();
    expect(top.tree()).toEqual(new Union([...base.layers, top.top as Layer]).tree());
  });
});
